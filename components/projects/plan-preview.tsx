import { Clock, Coins, Cpu, ListChecks } from "lucide-react";
import { criticalPathMinutes, type CostedPlan } from "@/lib/plan";
import { Badge } from "@/components/ui/badge";
import { formatTokens, formatUsd } from "./format-usage";

function minutes(m: number): string {
  if (m < 60) return `${Math.round(m)} min`;
  return `${Math.floor(m / 60)} h ${Math.round(m % 60)} min`;
}

/** The proposed plan, read-only: what each agent will do, in which order, and what it costs. */
export function PlanPreview({ plan }: { plan: CostedPlan }) {
  return (
    <section aria-labelledby="plan-heading" className="grid gap-4 rounded-xl border bg-card p-5 shadow-xs" data-testid="plan-preview">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <h2 id="plan-heading" className="text-base font-semibold">
            Proposed plan
          </h2>
          <p className="max-w-3xl text-sm leading-relaxed text-muted-foreground">{plan.summary}</p>
        </div>
        {plan.offlineModel && <Badge variant="warning">Offline model</Badge>}
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <Stat icon={ListChecks} label="Tasks" value={String(plan.tasks.length)} />
        <Stat icon={Coins} label="Estimated cost" value={formatUsd(plan.totals.costUsd)} />
        <Stat icon={Cpu} label="Tokens" value={formatTokens(plan.totals.tokens)} />
        <Stat icon={Clock} label="Time" value={minutes(criticalPathMinutes(plan.tasks))} />
      </dl>
      <ol className="grid gap-2">
        {plan.tasks.map((t, i) => (
          <li key={t.key} className="grid gap-1 rounded-lg border px-3 py-2.5" data-testid="plan-task" data-key={t.key}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-xs text-muted-foreground tabular-nums">{i + 1}.</span>
              <span className="font-medium">{t.title}</span>
              <Badge variant="outline" className="capitalize">
                {t.role}
              </Badge>
              <span className="ml-auto text-xs text-muted-foreground tabular-nums">
                {formatUsd(t.costUsd)} · {formatTokens(t.estimate.tokens)} tokens · {minutes(t.estimate.minutes)}
              </span>
            </div>
            <p className="text-sm text-muted-foreground">{t.description}</p>
            {t.dependsOn.length > 0 && (
              <p className="text-xs text-muted-foreground">
                After: <span className="font-mono">{t.dependsOn.join(", ")}</span>
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Stat({ icon: Icon, label, value }: { icon: typeof Clock; label: string; value: string }) {
  return (
    <div className="flex items-center gap-1.5">
      <Icon className="size-4 text-muted-foreground" aria-hidden />
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
}
