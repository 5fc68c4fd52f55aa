import { CornerUpLeft, MessageCircleQuestion } from "lucide-react";
import { cn } from "@/lib/utils";
import { roleLabel } from "@/components/agents/role-label";

/**
 * A hand-off between agents. "return" (QA sends work back to its owner) is the one people must not
 * miss: amber, with the reason in full.
 */
export function HandoffCallout({
  kind,
  from,
  to,
  reason,
  direction = "outgoing",
}: {
  kind: string;
  from: string;
  to: string;
  reason?: string;
  direction?: "outgoing" | "incoming";
}) {
  const returned = kind === "return";
  const Icon = returned ? CornerUpLeft : MessageCircleQuestion;
  const title =
    direction === "incoming"
      ? `Returned by ${roleLabel(from)}`
      : returned
        ? `Returned to ${roleLabel(to)}`
        : `Asked ${roleLabel(to)} for help`;
  return (
    <div
      data-testid="handoff-callout"
      data-kind={kind}
      data-direction={direction}
      role="note"
      className={cn(
        "flex gap-3 rounded-lg border-l-4 px-3 py-2.5",
        returned ? "border-warning bg-warning/12" : "border-info bg-info/10",
      )}
    >
      <Icon className={cn("mt-0.5 size-4 shrink-0", returned ? "text-warning-foreground dark:text-warning" : "text-info")} aria-hidden />
      <div className="grid min-w-0 gap-0.5 text-sm">
        <p className="font-semibold">
          {title}
          {direction === "outgoing" && <span className="font-normal text-muted-foreground"> · by {roleLabel(from)}</span>}
        </p>
        {reason && <p className="leading-relaxed break-words whitespace-pre-wrap">{reason}</p>}
      </div>
    </div>
  );
}
