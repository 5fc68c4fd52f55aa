import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";
import { taskStatusStyle } from "./task-status";

export function TaskStatusBadge({ status, className }: { status: string; className?: string }) {
  const s = taskStatusStyle(status);
  const Icon = s.icon;
  return (
    <Badge variant={s.badge} className={className} data-testid="task-status" data-status={status}>
      <Icon className={cn(status === "running" && "animate-spin")} aria-hidden />
      {s.label}
    </Badge>
  );
}
