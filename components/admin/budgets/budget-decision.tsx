"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowDownNarrowWide, CircleStop, TrendingUp } from "lucide-react";
import { toast } from "sonner";
import { formatBudgetAmount } from "@/lib/budgets";
import { errorMessage } from "@/lib/format";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";

export type BudgetQuestionFigures = { budgetId: string; metric: string; limit: number; spent: number; needed: number };

/**
 * A run stopped at a budget waits here: raise the budget inline (people who manage budgets), continue on
 * a cheaper model, or stop the task. Raising and "cheaper" resume the same run.
 */
export function BudgetDecision({ projectId, questionId, figures }: { projectId: string; questionId: string; figures?: BudgetQuestionFigures }) {
  const { role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const suggested = figures ? suggest(figures) : "";
  const [raising, setRaising] = React.useState(false);
  const [limit, setLimit] = React.useState(suggested);
  const [error, setError] = React.useState<string | null>(null);
  const key = trpc.projects.get.queryKey({ projectId });
  const settled = (text: string) => {
    toast.success(text);
    queryClient.setQueryData(key, (old) => (old ? { ...old, questions: old.questions.filter((x) => x.id !== questionId) } : old));
    void queryClient.invalidateQueries({ queryKey: key });
  };
  const onError = (e: unknown) => setError(errorMessage(e).replace(/^limit:\s*/, ""));
  const answer = useMutation(trpc.budgets.answer.mutationOptions({ onSuccess: (_d, v) => settled(v.choice === "stop" ? "Task stopped" : "Continuing on a cheaper model"), onError }));
  const raise = useMutation(trpc.budgets.raiseAndContinue.mutationOptions({ onSuccess: () => settled("Budget raised: the task continues"), onError }));
  const busy = answer.isPending || raise.isPending;
  const mayRaise = can(role, "budgets:manage");
  const mayAnswer = can(role, "tasks:run");
  if (!mayAnswer) return <p className="text-xs text-muted-foreground">A member of the organisation needs to decide.</p>;

  return (
    <div className="grid gap-2" data-testid="budget-decision">
      {error && <FormAlert>{error}</FormAlert>}
      {raising ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const value = Number(limit);
            if (!Number.isFinite(value) || value <= 0) return setError("Enter the new limit.");
            setError(null);
            raise.mutate({ projectId, questionId, limit: value });
          }}
        >
          <label className="flex items-center gap-1.5 text-sm">
            New limit{figures?.metric === "usd" ? " (US$)" : ""}
            <Input className="h-8 w-32" inputMode="decimal" maxLength={20} value={limit} onChange={(e) => setLimit(e.target.value)} autoFocus data-testid="budget-raise-limit" />
          </label>
          <Button size="sm" type="submit" loading={raise.isPending} data-testid="budget-raise-save">
            Raise and continue
          </Button>
          <Button size="sm" type="button" variant="ghost" onClick={() => setRaising(false)} disabled={busy}>
            Back
          </Button>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          {mayRaise && (
            <Button size="sm" onClick={() => setRaising(true)} disabled={busy} data-testid="budget-choice-raise">
              <TrendingUp />
              Raise the budget…
            </Button>
          )}
          <Button size="sm" variant="outline" onClick={() => answer.mutate({ projectId, questionId, choice: "cheaper" })} loading={answer.isPending && answer.variables?.choice === "cheaper"} disabled={busy} data-testid="budget-choice-cheaper">
            <ArrowDownNarrowWide />
            Continue on a cheaper model
          </Button>
          <Button size="sm" variant="outline" className="text-destructive" onClick={() => answer.mutate({ projectId, questionId, choice: "stop" })} loading={answer.isPending && answer.variables?.choice === "stop"} disabled={busy} data-testid="budget-choice-stop">
            <CircleStop />
            Stop
          </Button>
        </div>
      )}
      {figures && (
        <p className="text-xs text-muted-foreground">
          {formatBudgetAmount(figures.metric, figures.spent)} spent of {formatBudgetAmount(figures.metric, figures.limit)}; the next call needs up to {formatBudgetAmount(figures.metric, figures.needed)}.
          {!mayRaise && " Only people who manage budgets can raise it."}
        </p>
      )}
    </div>
  );
}

/** Room for this call and as much again: a starting point the person edits. */
function suggest(f: BudgetQuestionFigures): string {
  const next = Math.max(f.limit * 1.5, f.spent + f.needed * 2);
  return String(f.metric === "usd" ? Math.ceil(next * 100) / 100 : Math.ceil(next));
}
