import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { humanize } from "@/lib/format";

const VARIANTS: Record<string, BadgeVariant> = {
  draft: "muted",
  planning: "info",
  running: "default",
  paused: "warning",
  completed: "success",
  failed: "destructive",
  needs_attention: "warning",
  cancelled: "muted",
};

export function ProjectStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant={VARIANTS[status] ?? "outline"} data-testid="project-status" data-status={status}>
      {(status === "running" || status === "planning") && <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden />}
      {humanize(status)}
    </Badge>
  );
}
