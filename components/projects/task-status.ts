import { Ban, CheckCircle2, Circle, CircleAlert, CircleDashed, Hand, Loader2, XCircle, type LucideIcon } from "lucide-react";
import type { BadgeVariant } from "@/components/ui/badge";

export type TaskStatusStyle = {
  label: string;
  icon: LucideIcon;
  /** Text colour of the icon and label. */
  text: string;
  /** Border and tint of a graph node. */
  node: string;
  badge: BadgeVariant;
  /** Work is happening right now: the node pulses, the icon spins. */
  active: boolean;
};

const STYLES: Record<string, TaskStatusStyle> = {
  pending: { label: "Pending", icon: Circle, text: "text-muted-foreground", node: "border-border bg-card", badge: "muted", active: false },
  ready: { label: "Ready", icon: CircleDashed, text: "text-info", node: "border-info/40 bg-card", badge: "info", active: false },
  queued: { label: "Queued", icon: CircleDashed, text: "text-info", node: "border-info/60 bg-info/5", badge: "info", active: true },
  running: { label: "Running", icon: Loader2, text: "text-info", node: "border-info bg-info/10", badge: "info", active: true },
  succeeded: { label: "Succeeded", icon: CheckCircle2, text: "text-success", node: "border-success/70 bg-success/10", badge: "success", active: false },
  failed: { label: "Failed", icon: XCircle, text: "text-destructive", node: "border-destructive bg-destructive/10", badge: "destructive", active: false },
  waiting_for_human: {
    label: "Needs you",
    icon: Hand,
    text: "text-warning-foreground dark:text-warning",
    node: "border-warning bg-warning/15",
    badge: "warning",
    active: false,
  },
  // Finished without its acceptance criteria checked: never shown as a success.
  needs_attention: {
    label: "Needs attention",
    icon: CircleAlert,
    text: "text-warning-foreground dark:text-warning",
    node: "border-warning border-dashed bg-warning/10",
    badge: "warning",
    active: false,
  },
  cancelled: { label: "Cancelled", icon: Ban, text: "text-muted-foreground", node: "border-dashed border-border bg-muted/40 opacity-70", badge: "muted", active: false },
};

export function taskStatusStyle(status: string): TaskStatusStyle {
  return STYLES[status] ?? STYLES.pending!;
}

export const RETRYABLE = new Set(["failed", "cancelled", "needs_attention"]);
