"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import {
  BUDGET_POLICIES,
  BUDGET_SCOPES,
  formatBudgetAmount,
  METRIC_LABELS,
  METRIC_PERIODS,
  METRIC_SCOPES,
  PERIOD_LABELS,
  POLICY_LABELS,
  SCOPE_LABELS,
  type BudgetMetricName,
  type BudgetPeriodName,
  type BudgetPolicyName,
} from "@/lib/budgets";
import { useTRPC } from "@/lib/trpc/react";
import { splitFieldErrors } from "@/components/admin/models/field-errors";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

type Scope = (typeof BUDGET_SCOPES)[number];
export type EditableBudget = { id: string; title: string; metric: BudgetMetricName; period: BudgetPeriodName; limit: number; spent: number; policy: BudgetPolicyName };

const FIELDS = { scope: "Level", scopeId: "For", metric: "Limit on", period: "Period", limit: "Limit", policy: "When it runs out" };
type Field = keyof typeof FIELDS;

/** Create a budget (any level, metric and period) or change one's limit and policy. */
export function BudgetDialog({ open, onOpenChange, budget }: { open: boolean; onOpenChange: (open: boolean) => void; budget?: EditableBudget }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const targets = useQuery({ ...trpc.budgets.targets.queryOptions({ orgId }), enabled: open && !budget });
  const [scope, setScope] = React.useState<Scope>("org");
  const [scopeId, setScopeId] = React.useState("");
  const [metric, setMetric] = React.useState<BudgetMetricName>(budget?.metric ?? "usd");
  const [period, setPeriod] = React.useState<BudgetPeriodName>(budget?.period ?? "month");
  const [limit, setLimit] = React.useState(budget ? String(budget.limit) : "");
  const [policy, setPolicy] = React.useState<BudgetPolicyName>(budget?.policy ?? "ask");
  const [confirmBelow, setConfirmBelow] = React.useState(false);
  const [errors, setErrors] = React.useState<{ fields: Partial<Record<Field, string>>; form: string | null }>({ fields: {}, form: null });

  const done = (what: string) => {
    toast.success(what);
    void queryClient.invalidateQueries({ queryKey: trpc.budgets.list.queryKey() });
    onOpenChange(false);
  };
  const onError = (e: unknown) => setErrors(splitFieldErrors(e, FIELDS));
  const create = useMutation(trpc.budgets.create.mutationOptions({ onSuccess: () => done("Budget created"), onError }));
  const update = useMutation(trpc.budgets.update.mutationOptions({ onSuccess: () => done("Budget saved"), onError }));
  const pending = create.isPending || update.isPending;

  const value = Number(limit);
  const belowSpent = Boolean(budget) && limit.trim() !== "" && Number.isFinite(value) && value < budget!.spent;
  const periods = METRIC_PERIODS[metric];
  const scopes = METRIC_SCOPES[metric].filter((s): s is Scope => s !== "task");

  function chooseMetric(next: BudgetMetricName) {
    setMetric(next);
    if (!METRIC_PERIODS[next].includes(period)) setPeriod(METRIC_PERIODS[next][0]!);
    if (!METRIC_SCOPES[next].includes(scope)) setScope("org");
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const fields: Partial<Record<Field, string>> = {};
    if (limit.trim() === "" || !Number.isFinite(value)) fields.limit = "Enter a number.";
    else if (value <= 0) fields.limit = "A budget limit must be more than zero.";
    if (!budget && scope !== "org" && !scopeId) fields.scopeId = `Choose the ${SCOPE_LABELS[scope].toLowerCase()}.`;
    if (belowSpent && !confirmBelow) fields.limit = `Below the ${formatBudgetAmount(metric, budget!.spent)} already spent: confirm below to save it anyway.`;
    setErrors({ fields, form: null });
    if (Object.keys(fields).length) return;
    if (budget) update.mutate({ orgId, budgetId: budget.id, limit: value, policy, ...(belowSpent ? { confirmBelowSpent: true } : {}) });
    else create.mutate({ orgId, scope, ...(scope === "org" ? {} : { scopeId }), metric, period, limit: value, policy });
  }

  const options = scope === "project" ? targets.data?.projects : scope === "user" ? targets.data?.users.map((u) => ({ id: u.id, name: u.name || u.email })) : scope === "apiKey" ? targets.data?.apiKeys : [];

  return (
    <Dialog open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <DialogContent data-testid="budget-dialog">
        <DialogHeader>
          <DialogTitle>{budget ? "Edit budget" : "New budget"}</DialogTitle>
          <DialogDescription>{budget ? budget.title : "A limit that every model call on this level is checked against before it runs."}</DialogDescription>
        </DialogHeader>
        <form className="grid gap-4" noValidate onSubmit={submit}>
          {errors.form && <FormAlert testId="budget-form-error">{errors.form}</FormAlert>}
          {!budget && (
            <>
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField label={FIELDS.metric} error={errors.fields.metric}>
                  <Select value={metric} onValueChange={(v) => chooseMetric(v as BudgetMetricName)}>
                    <SelectTrigger data-testid="budget-metric">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {Object.entries(METRIC_LABELS).map(([k, label]) => (
                        <SelectItem key={k} value={k}>
                          {label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </FormField>
                <FormField label={FIELDS.period} error={errors.fields.period} hint={metric === "concurrent_runs" ? "Counted while runs run." : undefined}>
                  <Select value={period} onValueChange={(v) => setPeriod(v as BudgetPeriodName)} disabled={periods.length === 1}>
                    <SelectTrigger data-testid="budget-period">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {periods.map((p) => (
                        <SelectItem key={p} value={p}>
                          {metric === "concurrent_runs" ? "At any time" : PERIOD_LABELS[p].replace(/^per /, "Per ").replace(/^in total/, "In total")}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </FormField>
              </div>
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField label={FIELDS.scope} error={errors.fields.scope}>
                  <Select
                    value={scope}
                    onValueChange={(v) => {
                      setScope(v as Scope);
                      setScopeId("");
                    }}
                  >
                    <SelectTrigger data-testid="budget-scope">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {scopes.map((s) => (
                        <SelectItem key={s} value={s}>
                          {s === "org" ? "Whole organisation" : SCOPE_LABELS[s]}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </FormField>
                {scope !== "org" && (
                  <FormField label={FIELDS.scopeId} error={errors.fields.scopeId}>
                    <Select value={scopeId} onValueChange={setScopeId} disabled={targets.isPending}>
                      <SelectTrigger data-testid="budget-target">
                        <SelectValue placeholder={targets.isPending ? "Loading…" : options?.length ? "Choose…" : "None yet"} />
                      </SelectTrigger>
                      <SelectContent>
                        {(options ?? []).map((o) => (
                          <SelectItem key={o.id} value={o.id}>
                            {o.name}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  </FormField>
                )}
              </div>
            </>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              label={`${FIELDS.limit}${metric === "usd" ? " (US$)" : ""}`}
              error={errors.fields.limit}
              hint={budget ? `${formatBudgetAmount(metric, budget.spent)} spent this period.` : metric === "usd" ? "e.g. 50 for $50.00" : "A whole number."}
            >
              <Input inputMode="decimal" maxLength={20} value={limit} onChange={(e) => setLimit(e.target.value)} placeholder={metric === "usd" ? "50" : "100000"} data-testid="budget-limit" autoFocus={Boolean(budget)} />
            </FormField>
            <FormField label={FIELDS.policy} error={errors.fields.policy}>
              <Select value={policy} onValueChange={(v) => setPolicy(v as BudgetPolicyName)}>
                <SelectTrigger data-testid="budget-policy">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {BUDGET_POLICIES.map((p) => (
                    <SelectItem key={p} value={p}>
                      {POLICY_LABELS[p]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </FormField>
          </div>
          {belowSpent && (
            <label className="flex items-start gap-2 rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm" data-testid="budget-below-spent">
              <input type="checkbox" className="mt-0.5" checked={confirmBelow} onChange={(e) => setConfirmBelow(e.target.checked)} data-testid="budget-confirm-below" />
              <span>
                <TriangleAlert className="mr-1 inline size-3.5 text-warning-foreground dark:text-warning" aria-hidden />
                {formatBudgetAmount(metric, budget!.spent)} is already spent this period. Save anyway: every new call on this budget is refused (its policy applies) until the period resets.
              </span>
            </label>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" loading={pending} data-testid="budget-save">
              {budget ? "Save" : "Create budget"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
