import { formatBudgetAmount } from "@/lib/budgets";
import { cn } from "@/lib/utils";

/** Spent (solid) and held by calls in flight (striped) against the limit, with the numbers in words. */
export function BudgetUsage({ metric, spent, held, limit, percent }: { metric: string; spent: number; held: number; limit: number; percent: number }) {
  const pct = (n: number) => (limit > 0 ? Math.min(100, Math.max(0, (n / limit) * 100)) : 0);
  const tone = percent >= 100 ? "bg-destructive" : percent >= 80 ? "bg-warning" : "bg-primary";
  const concurrency = metric === "concurrent_runs";
  return (
    <div className="grid min-w-44 gap-1.5" data-testid="budget-usage">
      <div
        role="progressbar"
        aria-label={concurrency ? "Runs running now against the limit" : "Spent and held against the limit"}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={concurrency ? held : spent}
        className="flex h-2 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className={cn("h-full", tone)} style={{ width: `${pct(concurrency ? held : spent)}%` }} />
        {!concurrency && held > 0 && (
          <div className="h-full bg-[repeating-linear-gradient(45deg,var(--color-primary)_0_3px,transparent_3px_6px)] opacity-60" style={{ width: `${Math.min(pct(held), 100 - pct(spent))}%` }} />
        )}
      </div>
      <p className="flex flex-wrap items-baseline gap-x-1.5 text-xs text-muted-foreground tabular-nums">
        {concurrency ? (
          <span>
            <span className="font-medium text-foreground">{held}</span> running of {limit}
          </span>
        ) : (
          <>
            <span className="font-medium text-foreground" data-testid="budget-spent">{formatBudgetAmount(metric, spent)}</span>
            <span>spent</span>
            {held > 0 && <span>· {formatBudgetAmount(metric, held)} held</span>}
            <span>of {formatBudgetAmount(metric, limit)}</span>
          </>
        )}
        <span className={cn("ml-auto font-medium", percent >= 100 ? "text-destructive" : percent >= 80 ? "text-warning-foreground dark:text-warning" : "text-foreground")} data-testid="budget-percent">
          {percent}%
        </span>
      </p>
    </div>
  );
}
