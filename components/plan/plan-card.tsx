"use client";

import * as React from "react";
import { ClipboardList, GitPullRequestArrow, Plus } from "lucide-react";
import { toast } from "sonner";
import { formatBudgetAmount } from "@/lib/budgets";
import type { CostedPlan } from "@/lib/plan";
import { can } from "@/lib/rbac";
import { errorMessage } from "@/lib/format";
import { cn } from "@/lib/utils";
import { useOrg } from "@/components/org/org-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { GenericTemplateNotice } from "@/components/projects/generic-template-notice";
import { addTask, editProblems, normalisedPlan, removeTask, updateTask, withTotals } from "./plan-edit";
import { PlanFooter } from "./plan-footer";
import { PlanRepairs } from "./plan-repairs";
import { planStatusLabel } from "./plan-status";
import { PlanTaskEditor } from "./plan-task-editor";
import { PlanTaskItem } from "./plan-task-item";
import { PlanBudget, usePlanBudget } from "./plan-budget";
import { PlanTotals } from "./plan-totals";
import { useEditFocus } from "./use-edit-focus";
import { usePlanDecision } from "./use-plan-decision";
import { useTeamRoles } from "./use-team-roles";

/** At most this many tasks in a plan (lib/plan.ts). */
const MAX_TASKS = 40;

/** A change's name without the planner's "Change:" prefix, for sentences that already say so. */
const changeName = (name: string) => name.replace(/^change:\s*/i, "");

export type PlanCardProps = {
  projectId: string;
  /** The plan as proposed (from the chat's data-plan part, or the project's stored plan). */
  plan: CostedPlan;
  kind: "new_project" | "change_request";
  /** A pending change request this card decides on (approve/edit/cancel act on it, not on the project). */
  changeId?: string;
  /** The project's status when already known; the card keeps it live either way. */
  status?: string;
  className?: string;
};

/**
 * A costed plan: what will be built, by whom, for how much. While it awaits a decision, members
 * approve it, edit it first, or cancel it; nothing runs before that. Afterwards the card says what
 * became of it. The same card serves a new project's plan and a change to an existing project.
 */
export function PlanCard({ projectId, plan, kind, changeId, status: initialStatus, className }: PlanCardProps) {
  const { role } = useOrg();
  const canRun = can(role, "projects:run");
  const [draft, setDraft] = React.useState<CostedPlan | null>(null);
  const [confirmCancel, setConfirmCancel] = React.useState(false);
  const [confirmBudget, setConfirmBudget] = React.useState(false);
  const [actionError, setActionError] = React.useState<string | null>(null);
  const isChange = kind === "change_request";
  const decision = usePlanDecision(projectId, changeId, {
    onApproved: () => {
      setDraft(null);
      toast.success(isChange ? `Change approved: ${changeName(current.name)}. The agents are starting.` : `Approved ${current.name}. The agents are starting.`);
    },
    onSaved: () => {
      setDraft(null);
      toast.success("Plan saved. Nothing runs until someone approves it.");
    },
    onCancelled: () => {
      setConfirmCancel(false);
      setDraft(null);
      toast.success(isChange ? `Change cancelled: ${changeName(current.name)}. Nothing was added.` : `Cancelled ${current.name}.`);
    },
    onError: (e) => {
      setConfirmCancel(false);
      // The budget moved since the card loaded: ask now, as the card would have.
      if (/does not fit the budget/.test(errorMessage(e))) return setConfirmBudget(true);
      setActionError(errorMessage(e));
    },
  });
  const status = decision.status ?? (changeId ? undefined : initialStatus);
  const isDraft = status === "draft";

  // A draft's stored plan is what approval acts on (change requests merge into it); after approval
  // it is the plan that ran. A pending change shows its own stored plan (later requests grow it).
  const stored = decision.stored;
  const current = stored && (kind === "new_project" || isDraft || changeId) ? stored : plan;

  const editing = draft !== null && isDraft && canRun;
  const shown = editing ? withTotals(draft) : current;
  const roles = useTeamRoles(editing);
  const existingKeys = decision.existingKeys;
  const problems = React.useMemo(() => (editing ? editProblems(normalisedPlan(draft), roles, existingKeys) : []), [editing, draft, roles, existingKeys]);
  const budget = usePlanBudget(projectId, shown.totals, isDraft);
  // Approving a plan or a change that does not fit what is left on its budgets asks first (the server refuses without it).
  const overBudget = budget.data?.fits === false;
  const approve = (confirmOverBudget = false) => {
    setActionError(null);
    if (overBudget && !confirmOverBudget) return setConfirmBudget(true);
    setConfirmBudget(false);
    decision.approve(editing ? normalisedPlan(draft) : undefined, { confirmOverBudget });
  };
  const loadError = decision.loadError;
  const label = status ? planStatusLabel(status, kind) : null;
  const KindIcon = kind === "change_request" ? GitPullRequestArrow : ClipboardList;
  const cardRef = React.useRef<HTMLElement>(null);
  useEditFocus(cardRef, editing, shown.tasks.length);

  return (
    <section
      ref={cardRef}
      data-testid="plan-card"
      data-kind={kind}
      data-status={status ?? "unknown"}
      aria-label={`Plan: ${shown.name}`}
      className={cn("grid grid-cols-[minmax(0,1fr)] gap-4 rounded-xl border bg-card p-4 text-card-foreground shadow-xs sm:p-5", editing && "ring-2 ring-primary/30", className)}
    >
      <header className="grid gap-1.5">
        <div className="flex flex-wrap items-center gap-2 text-xs font-medium text-muted-foreground">
          <KindIcon className="size-4 text-primary" aria-hidden />
          {kind === "change_request" ? "Change request" : "Proposed plan"}
          {editing && <Badge variant="info">Editing</Badge>}
          {label && (
            <Badge variant={label.variant} className="ml-auto" data-testid="plan-status">
              {label.badge}
            </Badge>
          )}
        </div>
        <h3 className="text-lg leading-tight font-semibold [overflow-wrap:anywhere]">{shown.name}</h3>
        <p className="text-sm [overflow-wrap:anywhere]">
          <span className="font-medium">Goal: </span>
          {shown.goal}
        </p>
        <p className="text-sm leading-relaxed text-muted-foreground [overflow-wrap:anywhere]">{shown.summary}</p>
        <GenericTemplateNotice plan={shown} />
        <PlanRepairs plan={shown} />
        {kind === "change_request" && !changeId && isDraft && stored && (
          <p className="text-xs text-muted-foreground">This change was added to the draft plan below; approving starts all of it.</p>
        )}
      </header>

      <PlanTotals plan={shown} />
      {isDraft && <PlanBudget fit={budget.data} />}

      <ol className="grid gap-2" aria-label="Tasks">
        {editing
          ? draft.tasks.map((t) => (
              <PlanTaskEditor
                key={t.key}
                task={t}
                tasks={draft.tasks}
                roles={roles}
                canRemove={draft.tasks.length > 1}
                onChange={(patch) => setDraft((d) => (d ? updateTask(d, t.key, patch) : d))}
                onRemove={() => setDraft((d) => (d ? removeTask(d, t.key) : d))}
              />
            ))
          : shown.tasks.map((t) => <PlanTaskItem key={t.key} task={t} offline={shown.offlineModel} />)}
      </ol>

      {editing && (
        <Button
          variant="outline"
          size="sm"
          className="w-fit"
          disabled={draft.tasks.length >= MAX_TASKS}
          onClick={() => setDraft((d) => (d ? addTask(d, d.tasks.at(-1)?.role ?? "backend").plan : d))}
          data-testid="plan-add-task"
        >
          <Plus />
          Add task
        </Button>
      )}

      {editing && problems.length > 0 && (
        <FormAlert testId="plan-problems">
          <p className="font-medium">Fix these before saving or approving:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </FormAlert>
      )}
      {actionError && <FormAlert testId="plan-error">{actionError}</FormAlert>}

      <footer className="border-t pt-3">
        <PlanFooter
          projectId={projectId}
          kind={kind}
          status={status}
          loadError={loadError}
          onReload={decision.reload}
          canRun={canRun}
          editing={editing}
          blocked={problems.length > 0}
          approving={decision.approving}
          cancelling={decision.cancelling}
          saving={decision.saving}
          onSave={() => {
            setActionError(null);
            if (draft) decision.save(normalisedPlan(draft));
          }}
          onApprove={() => approve()}
          onEdit={() => {
            setActionError(null);
            setDraft(structuredClone(current));
          }}
          onDiscard={() => setDraft(null)}
          onCancel={() => {
            setActionError(null);
            setConfirmCancel(true);
          }}
        />
      </footer>

      <ConfirmDialog
        open={confirmBudget}
        onOpenChange={setConfirmBudget}
        title="This plan does not fit the budget left"
        description={`${(budget.data?.lines ?? [])
          .filter((l) => !l.fits)
          .map((l) => `${l.title}: ${formatBudgetAmount(l.metric, l.left)} left, the plan needs about ${formatBudgetAmount(l.metric, l.needed)}.`)
          .join(" ")} Approve anyway? When the budget runs out, its policy applies (a cheaper model, a question to a person, or a stop). Or cancel and raise the budget first.`}
        confirmLabel="Approve anyway"
        pending={decision.approving}
        onConfirm={() => approve(true)}
      />
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title={isChange && changeId ? "Cancel this change?" : "Cancel this plan?"}
        description={
          isChange && changeId
            ? `Nothing of “${current.name}” will be added to the project. You can ask for another change at any time.`
            : `Nothing of “${current.name}” will be built. You can ask for a new plan at any time.`
        }
        confirmLabel={isChange && changeId ? "Cancel change" : "Cancel plan"}
        destructive
        pending={decision.cancelling}
        onConfirm={decision.cancel}
      />
    </section>
  );
}
