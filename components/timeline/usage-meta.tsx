import { formatMs } from "@/lib/format";
import { cn } from "@/lib/utils";
import { formatTokens, formatUsd } from "@/components/projects/format-usage";
import type { StepUsage } from "./build-timeline";

export function UsageMeta({ step, usage, className }: { step?: number; usage?: StepUsage; className?: string }) {
  if (!step && !usage) return null;
  const parts = [
    step ? `Step ${step}` : null,
    usage ? `${formatTokens(usage.tokensIn + usage.tokensOut)} tokens` : null,
    usage ? formatUsd(usage.costUsd) : null,
    usage?.latencyMs ? formatMs(usage.latencyMs) : null,
  ].filter(Boolean);
  return (
    <span
      className={cn("shrink-0 text-[11px] text-muted-foreground tabular-nums", className)}
      title={usage ? `${usage.model}: ${usage.tokensIn} in, ${usage.tokensOut} out` : undefined}
      data-testid="step-usage"
    >
      {parts.join(" · ")}
    </span>
  );
}
