import { Braces, Eye, Wrench } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { ModelView } from "./model-types";

const CAPABILITIES = [
  { key: "tools", label: "Tools", icon: Wrench, title: "Can call tools (agents need this)" },
  { key: "structuredOutput", label: "Structured", icon: Braces, title: "Structured output: answers in a given JSON shape" },
  { key: "vision", label: "Vision", icon: Eye, title: "Reads images" },
] as const;

export function CapabilityBadges({ capabilities }: { capabilities: ModelView["capabilities"] }) {
  const on = CAPABILITIES.filter((c) => capabilities[c.key]);
  if (on.length === 0) return <span className="text-xs text-muted-foreground">Text only</span>;
  return (
    <div className="flex min-w-40 flex-wrap gap-1" data-testid="model-capabilities">
      {on.map(({ key, label, icon: Icon, title }) => (
        <Badge key={key} variant="secondary" title={title} data-capability={key}>
          <Icon aria-hidden />
          {label}
        </Badge>
      ))}
    </div>
  );
}
