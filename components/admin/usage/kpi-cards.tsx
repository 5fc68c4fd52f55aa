"use client";

import { AlertTriangle, Coins, PiggyBank, Sigma, type LucideIcon } from "lucide-react";
import { pluralize } from "@/lib/format";
import { formatTokens, formatUsd } from "@/components/projects/format-usage";
import { Card } from "@/components/ui/card";
import type { UsageTotals } from "./types";

function Kpi({ icon: Icon, title, value, detail, testId, onOpen }: { icon: LucideIcon; title: string; value: string; detail: string; testId: string; onOpen?: () => void }) {
  const body = (
    <>
      <span className="flex items-center gap-2 text-sm text-muted-foreground">
        <Icon className="size-4" aria-hidden />
        {title}
      </span>
      <span className="text-2xl font-semibold tabular-nums" data-testid={`${testId}-value`}>
        {value}
      </span>
      <span className="text-xs text-muted-foreground">{detail}</span>
    </>
  );
  return (
    <Card className="p-0" data-testid={testId}>
      {onOpen ? (
        <button
          type="button"
          onClick={onOpen}
          className="grid w-full gap-1.5 rounded-xl p-4 text-left transition-colors outline-none hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring"
          title="Show the calls behind this number"
        >
          {body}
        </button>
      ) : (
        <div className="grid gap-1.5 p-4">{body}</div>
      )}
    </Card>
  );
}

/** The range's spend, tokens, failed-call cost and cache savings; each opens the calls behind it. */
export function KpiCards({ totals, onOpen }: { totals: UsageTotals; onOpen: (what: "all" | "failed" | "cached") => void }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="usage-kpis">
      <Kpi icon={Coins} testId="kpi-spend" title="Spend" value={formatUsd(totals.costUsd)} detail={pluralize(totals.calls, "model call")} onOpen={() => onOpen("all")} />
      <Kpi
        icon={Sigma}
        testId="kpi-tokens"
        title="Tokens"
        value={formatTokens(totals.tokensIn + totals.tokensOut)}
        detail={`${formatTokens(totals.tokensIn)} in (${formatTokens(totals.tokensCached)} cached) · ${formatTokens(totals.tokensOut)} out`}
        onOpen={() => onOpen("all")}
      />
      <Kpi
        icon={AlertTriangle}
        testId="kpi-failed"
        title="Failed calls cost"
        value={formatUsd(totals.failedCostUsd)}
        detail={`${pluralize(totals.failedCalls, "failed call")} of ${totals.calls}`}
        onOpen={() => onOpen("failed")}
      />
      <Kpi
        icon={PiggyBank}
        testId="kpi-savings"
        title="Cache savings"
        value={formatUsd(totals.cacheSavingsUsd)}
        detail="Saved by prompt and response caches"
        onOpen={() => onOpen("cached")}
      />
    </div>
  );
}
