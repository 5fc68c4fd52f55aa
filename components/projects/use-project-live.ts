"use client";

import * as React from "react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import type { LiveEvent } from "@/lib/events";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";
import type { ProjectDetailData, TaskStatus } from "./project-types";

type Payload = Record<string, unknown>;
const str = (p: Payload, k: string) => (typeof p[k] === "string" ? (p[k] as string) : undefined);
const num = (p: Payload, k: string) => (typeof p[k] === "number" ? (p[k] as number) : 0);

/** Events whose settled state (results, runs, totals) only the server knows: refetch the detail after them. */
const REFETCH_ON_STATUS = new Set(["succeeded", "failed", "waiting_for_human", "cancelled", "pending", "needs_attention"]);

/** The task an event belongs to: agent and task events carry `taskKey`, model calls carry `taskId`. */
export function eventTaskId(e: LiveEvent, tasks: { id: string; key: string }[]): string | undefined {
  const p = (e.payload ?? {}) as Payload;
  if (e.type === "llm.call") return str(p, "taskId") ?? undefined;
  const key = str(p, "taskKey");
  return key ? tasks.find((t) => t.key === key)?.id : undefined;
}

/**
 * Keeps the project page current from `project:<id>` events: statuses, questions and totals are
 * written into the query cache at once; what needs the server's view (results, new tasks, files)
 * is refetched, coalesced so a burst of events costs one request. Nothing polls.
 */
export function useProjectLive(projectId: string): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = React.useRef(new Map<string, QueryKey>());
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);
  const highestSeq = React.useRef(0);

  React.useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const invalidate = (...keys: QueryKey[]) => {
    for (const k of keys) pending.current.set(JSON.stringify(k), k);
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const keysNow = [...pending.current.values()];
      pending.current.clear();
      for (const queryKey of keysNow) void queryClient.invalidateQueries({ queryKey });
    }, 250);
  };

  const getKey = trpc.projects.get.queryKey({ projectId });

  useLiveEvents(`project:${projectId}`, (e) => {
    const detail = queryClient.getQueryData(getKey);
    const p = (e.payload ?? {}) as Payload;

    // The page loaded its state up to `lastSeq`; an event past a gap means some were missed while joining.
    const known = Math.max(highestSeq.current, detail?.lastSeq ?? 0);
    if (detail && known > 0 && e.seq > known + 1) invalidate(getKey, trpc.projects.timeline.queryKey());
    highestSeq.current = Math.max(highestSeq.current, e.seq);

    const update = (fn: (d: ProjectDetailData) => ProjectDetailData) =>
      queryClient.setQueryData(getKey, (old) => (old ? { ...fn(old), lastSeq: Math.max(old.lastSeq, e.seq) } : old));

    const taskId = detail ? eventTaskId(e, detail.tasks) : undefined;
    if (taskId) {
      queryClient.setQueryData(trpc.projects.timeline.queryKey({ projectId, taskId }), (old) =>
        old && !old.some((x) => x.seq === e.seq) ? [...old, e] : old,
      );
    }

    switch (e.type) {
      case "project.status": {
        const status = str(p, "status") as ProjectDetailData["status"] | undefined;
        if (status) update((d) => ({ ...d, status }));
        invalidate(getKey);
        break;
      }
      case "plan.proposed":
      case "task.added":
        invalidate(getKey);
        break;
      case "task.status": {
        const key = str(p, "taskKey");
        const status = str(p, "status") as TaskStatus | undefined;
        if (!key || !status) break;
        if (!detail?.tasks.some((t) => t.key === key)) {
          invalidate(getKey);
          break;
        }
        update((d) => ({
          ...d,
          tasks: d.tasks.map((t) => (t.key === key ? { ...t, status, attempt: num(p, "attempt") || t.attempt } : t)),
        }));
        if (REFETCH_ON_STATUS.has(status)) invalidate(getKey);
        break;
      }
      case "question.asked": {
        const id = str(p, "questionId");
        if (!id || !taskId) {
          invalidate(getKey);
          break;
        }
        update((d) =>
          d.questions.some((q) => q.id === id)
            ? d
            : { ...d, questions: [...d.questions, { id, taskId, kind: str(p, "kind") ?? "question", text: str(p, "text") ?? "", createdAt: new Date(e.createdAt) }] },
        );
        break;
      }
      case "question.answered":
      case "question.expired": {
        const id = str(p, "questionId");
        update((d) => ({ ...d, questions: d.questions.filter((q) => q.id !== id) }));
        break;
      }
      case "llm.call":
        // Project totals count agent runs only (as the server does).
        if (str(p, "runId")) {
          update((d) => ({
            ...d,
            totals: { costUsd: d.totals.costUsd + num(p, "costUsd"), tokens: d.totals.tokens + num(p, "tokensIn") + num(p, "tokensOut") },
          }));
        }
        break;
      case "git.commit":
      case "workspace.edited":
        invalidate(trpc.projects.files.queryKey({ projectId }), trpc.projects.commits.queryKey({ projectId }), trpc.projects.file.queryKey());
        break;
    }
  });
}
