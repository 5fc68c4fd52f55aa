"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Gauge } from "lucide-react";
import { formatTokens, formatUsd } from "@/components/projects/format-usage";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import { addDays, bucketLabel } from "./range";
import type { BudgetBurnDown, CallFilter } from "./types";

const SCOPES: Record<string, string> = { org: "Organisation", project: "Project", user: "Person", apiKey: "API key", task: "Task" };
const PERIODS: Record<string, string> = { minute: "per minute", day: "per day", month: "per month", total: "in total" };

function amount(metric: string, n: number): string {
  if (metric === "usd") return formatUsd(n);
  if (metric === "tokens") return `${formatTokens(n)} tokens`;
  if (metric === "requests") return `${Math.round(n)} calls`;
  return `${n}`;
}

function verdict(b: BudgetBurnDown): { text: string; tone: "success" | "warning" | "destructive" | "secondary" } {
  const f = b.forecast;
  if (!f) return { text: "Rate limit: no burn-down", tone: "secondary" };
  if (f.verdict === "already") return { text: "Limit reached", tone: "destructive" };
  if (f.verdict === "never") return { text: "No recent use", tone: "secondary" };
  const days = f.daysLeft ?? 0;
  const when = days < 1 ? `in about ${Math.max(1, Math.round(days * 24))} h` : `in about ${Math.round(days)} days`;
  if (f.verdict === "after_reset") return { text: `Lasts this period (would run out ${when})`, tone: "success" };
  return { text: `Runs out ${when}`, tone: days < 3 ? "destructive" : "warning" };
}

/** Cumulative use this period against the limit, and where the recent rate takes it. */
function BurnChart({ b }: { b: BudgetBurnDown }) {
  const rate = b.forecast?.ratePerDay ?? 0;
  const last = b.series.at(-1);
  const cumulative = b.period !== "day";
  const data: { day: string; label: string; used?: number; projected?: number }[] = b.series.map((p) => ({
    day: p.day,
    label: bucketLabel(p.day, "day"),
    used: cumulative ? p.cumulative : p.used,
  }));
  if (cumulative && last && b.resetsOn && rate > 0) {
    data[data.length - 1]!.projected = last.cumulative;
    for (let d = addDays(last.day, 1); d < b.resetsOn; d = addDays(d, 1)) {
      const n = data.length - b.series.length + 1;
      data.push({ day: d, label: bucketLabel(d, "day"), projected: last.cumulative + rate * n });
    }
  }
  return (
    <div className="h-40">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-border" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={11} minTickGap={16} />
          <YAxis tickFormatter={(v: number) => amount(b.metric, v)} tickLine={false} axisLine={false} fontSize={11} width={64} />
          <Tooltip formatter={(v, name) => [amount(b.metric, Number(v)), name]} contentStyle={{ borderRadius: 8, fontSize: 12, background: "var(--popover)", border: "1px solid var(--border)" }} />
          <ReferenceLine y={b.limit} stroke="#ef4444" strokeDasharray="4 4" label={{ value: "limit", position: "insideTopRight", fontSize: 11, fill: "#ef4444" }} />
          <Line type="monotone" dataKey="used" name={cumulative ? "Used this period" : "Used that day"} stroke="#6366f1" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="projected" name="At the recent rate" stroke="#6366f1" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

const SCOPE_FILTER: Record<string, keyof CallFilter> = { project: "projectId", user: "userId", apiKey: "apiKeyId", task: "taskId" };

/** The calls a budget's current period counted (its scope, from the period's first day to today). */
export function budgetCalls(b: BudgetBurnDown, today: string): CallFilter {
  const key = SCOPE_FILTER[b.scope];
  const from = b.periodStart && b.periodStart > addDays(today, -800) ? b.periodStart : addDays(today, b.period === "day" ? 0 : -29);
  return { from, to: today, ...(key ? { [key]: b.scopeId } : {}) };
}

export function BudgetBurnDowns({ budgets, onOpen }: { budgets: BudgetBurnDown[]; onOpen?: (b: BudgetBurnDown) => void }) {
  if (budgets.length === 0) {
    return <EmptyState icon={Gauge} title="No budgets yet" description="Budgets set on the org, projects, people or API keys show their burn-down here." data-testid="usage-no-budgets" />;
  }
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid="usage-budgets">
      {budgets.map((b) => {
        const v = verdict(b);
        const used = b.used ?? b.spent;
        return (
          <Card key={b.id} className="grid gap-3 p-4" data-testid="usage-budget" data-budget-id={b.id}>
            <div className="flex items-start justify-between gap-3">
              <div className="grid min-w-0 gap-0.5">
                <span className="truncate font-medium">{b.scopeName}</span>
                <span className="text-xs text-muted-foreground">
                  {SCOPES[b.scope] ?? b.scope} · {amount(b.metric, b.limit)} {PERIODS[b.period] ?? b.period} · over the limit: {b.policy}
                </span>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1">
                <Badge variant={v.tone}>{v.text}</Badge>
                {onOpen && b.chartable && (
                  <Button variant="link" size="sm" className="h-auto p-0 text-xs" onClick={() => onOpen(b)}>
                    Show the calls
                  </Button>
                )}
              </div>
            </div>
            <div className="grid gap-1">
              <Progress value={b.limit > 0 ? Math.min(100, (used / b.limit) * 100) : 0} label={`${b.scopeName} budget used`} />
              <span className="text-xs text-muted-foreground tabular-nums" data-testid="usage-budget-used">
                {amount(b.metric, used)} of {amount(b.metric, b.limit)} used
                {b.held > 0 && ` · ${amount(b.metric, b.held)} held by calls in flight`}
                {b.forecast && b.forecast.ratePerDay > 0 && ` · recent rate ${amount(b.metric, b.forecast.ratePerDay)}/day`}
              </span>
            </div>
            {b.chartable && <BurnChart b={b} />}
          </Card>
        );
      })}
    </div>
  );
}
