import { Info } from "lucide-react";
import { GENERIC_TEMPLATE_NOTICE, isGenericTemplate } from "@/lib/generic-template";

/** Says plainly that the offline model built a generic template, not what was asked for. */
export function GenericTemplateNotice({ plan, className }: { plan: { summary?: string; offlineModel?: boolean } | null | undefined; className?: string }) {
  if (!isGenericTemplate(plan)) return null;
  return (
    <p role="note" className={`flex gap-2 rounded-lg border border-info/40 bg-info/8 px-3 py-2 text-sm ${className ?? ""}`} data-testid="generic-template-notice">
      <Info className="mt-0.5 size-4 shrink-0 text-info" aria-hidden />
      <span>
        <span className="font-medium">Generic template.</span> {GENERIC_TEMPLATE_NOTICE}
      </span>
    </p>
  );
}
