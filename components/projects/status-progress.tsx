import { cn } from "@/lib/utils";

const BAR: Record<string, string> = {
  completed: "bg-success",
  failed: "bg-destructive",
  cancelled: "bg-muted-foreground/50",
  paused: "bg-warning",
};

/** Tasks done out of all, tinted by the project's status (green when completed, red when failed). */
export function StatusProgress({ done, total, status, label, className }: { done: number; total: number; status: string; label: string; className?: string }) {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      className={cn("h-1.5 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      <div className={cn("h-full rounded-full transition-[width] duration-500", BAR[status] ?? "bg-primary")} style={{ width: `${pct}%` }} />
    </div>
  );
}
