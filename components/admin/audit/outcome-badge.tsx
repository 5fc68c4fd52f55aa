import { Ban, CheckCircle2, XCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";

export function OutcomeBadge({ outcome }: { outcome: "success" | "failure" | "denied" }) {
  if (outcome === "success")
    return (
      <Badge variant="success" data-testid="audit-outcome">
        <CheckCircle2 aria-hidden />
        Success
      </Badge>
    );
  if (outcome === "denied")
    return (
      <Badge variant="warning" data-testid="audit-outcome">
        <Ban aria-hidden />
        Denied
      </Badge>
    );
  return (
    <Badge variant="destructive" data-testid="audit-outcome">
      <XCircle aria-hidden />
      Failed
    </Badge>
  );
}
