"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CostedPlan } from "@/lib/plan";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";
import { usePlanProject } from "./use-plan-project";

type Callbacks = { onApproved: () => void; onCancelled: () => void; onSaved?: () => void; onError: (e: unknown) => void };

/**
 * What a plan card decides on: a new project's draft plan (projects.approve / cancel) or a pending
 * change request (projects.approveChange / cancelChange). Both read as one status, where "draft"
 * means "awaiting a decision", and stay live through the project's events.
 */
export function usePlanDecision(projectId: string, changeId: string | undefined, cb: Callbacks) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const project = usePlanProject(projectId);
  const change = useQuery({ ...trpc.projects.changes.queryOptions({ projectId, changeId }), enabled: Boolean(changeId) });
  useLiveEvents(changeId ? `project:${projectId}` : null, (e) => {
    if (e.type === "change.proposed" || e.type === "change.decided") void queryClient.invalidateQueries({ queryKey: trpc.projects.changes.queryKey({ projectId }) });
  });

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ projectId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.projects.changes.queryKey({ projectId }) });
  };
  const handlers = (done: () => void) => ({
    onSuccess: () => {
      done();
      refresh();
    },
    onError: (e: unknown) => {
      cb.onError(e);
      refresh();
    },
  });
  const approvePlan = useMutation(trpc.projects.approve.mutationOptions(handlers(cb.onApproved)));
  const cancelPlan = useMutation(trpc.projects.cancel.mutationOptions(handlers(cb.onCancelled)));
  const approveChange = useMutation(trpc.projects.approveChange.mutationOptions(handlers(cb.onApproved)));
  const cancelChange = useMutation(trpc.projects.cancelChange.mutationOptions(handlers(cb.onCancelled)));
  const savePlan = useMutation(trpc.projects.savePlan.mutationOptions(handlers(() => cb.onSaved?.())));

  const found = change.data?.[0];
  let status: string | undefined;
  let stored: CostedPlan | null;
  let loadError: "not_found" | "failed" | null = project.isError
    ? (project.error.data as { code?: string } | undefined)?.code === "NOT_FOUND"
      ? "not_found"
      : "failed"
    : null;
  if (changeId) {
    if (change.isError) loadError ??= "failed";
    if (change.data && !found) loadError = "not_found";
    // Pending reads as "draft" (awaiting approval); an approved change shows what became of the project.
    status = !found ? undefined : found.status === "pending" ? "draft" : found.status === "cancelled" ? "cancelled" : project.data?.status;
    stored = found?.plan ?? null;
  } else {
    status = project.data?.status;
    stored = project.data?.plan ?? null;
  }

  return {
    status,
    stored,
    loadError,
    reload: () => {
      void project.refetch();
      if (changeId) void change.refetch();
    },
    approving: approvePlan.isPending || approveChange.isPending,
    cancelling: cancelPlan.isPending || cancelChange.isPending,
    saving: savePlan.isPending,
    /** The project's tasks: a change may wait for them, never reuse their keys. */
    existingKeys: project.data?.tasks.map((t) => t.key) ?? [],
    /** Stores the edited plan without approving it; nothing runs. */
    save: (plan: CostedPlan) => savePlan.mutate({ projectId, plan, ...(changeId ? { changeId } : {}) }),
    // confirmOverBudget: the person saw that the plan does not fit what is left on its budgets.
    approve: (plan?: CostedPlan, opts: { confirmOverBudget?: boolean } = {}) =>
      changeId
        ? approveChange.mutate({ projectId, changeId, ...(plan ? { plan } : {}), ...(opts.confirmOverBudget ? { confirmOverBudget: true } : {}) })
        : approvePlan.mutate({ projectId, ...(plan ? { plan } : {}), ...(opts.confirmOverBudget ? { confirmOverBudget: true } : {}) }),
    cancel: () => (changeId ? cancelChange.mutate({ projectId, changeId }) : cancelPlan.mutate({ projectId })),
  };
}
