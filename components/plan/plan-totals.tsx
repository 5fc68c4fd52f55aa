import { Clock, Coins, DollarSign, ListChecks } from "lucide-react";
import type { CostedPlan } from "@/lib/plan";
import { pluralize } from "@/lib/format";
import { formatDuration } from "@/lib/estimate";
import { formatTokens, formatUsd } from "./plan-format";

function Stat({ icon: Icon, label, children, title }: { icon: typeof Clock; label: string; children: React.ReactNode; title?: string }) {
  return (
    <div className="grid min-w-0 gap-0.5 rounded-lg bg-muted/50 px-3 py-2" title={title}>
      <dt className="flex items-center gap-1 text-xs text-muted-foreground">
        <Icon className="size-3.5" aria-hidden />
        {label}
      </dt>
      <dd className="text-sm font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

/** Tasks, tokens, wall-clock time (the critical path) and cost of a plan. */
export function PlanTotals({ plan }: { plan: CostedPlan }) {
  const free = plan.offlineModel && plan.totals.costUsd === 0;
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label="Plan totals">
      <Stat icon={ListChecks} label="Tasks">
        {pluralize(plan.tasks.length, "task")}
      </Stat>
      <Stat icon={Coins} label="Tokens">
        {formatTokens(plan.totals.tokens).replace(" tokens", "")}
      </Stat>
      <Stat
        icon={Clock}
        label="Time"
        title={`Wall-clock estimate: the longest chain of dependent tasks (parallel work overlaps)${plan.offlineModel ? ". The offline demo model answers at once, so this is seconds, not the minutes a real model would take." : ""}`}
      >
        <span data-testid="plan-total-time">
          {formatDuration(plan.totals.minutes).replace(/^about /, "~")}
          {plan.offlineModel && <span className="text-xs font-normal text-muted-foreground"> (offline demo)</span>}
        </span>
      </Stat>
      <Stat icon={DollarSign} label="Est. cost" title={plan.offlineModel ? "The offline demo model costs nothing" : "Estimated model cost"}>
        <span data-testid="plan-total-cost">
          {free ? "$0.00" : formatUsd(plan.totals.costUsd)}
          {free && <span className="text-xs font-normal text-muted-foreground"> (offline model)</span>}
        </span>
      </Stat>
    </dl>
  );
}
