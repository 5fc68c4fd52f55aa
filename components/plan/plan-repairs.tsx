import { Wrench } from "lucide-react";
import type { CostedPlan } from "@/lib/plan";
import { pluralize } from "@/lib/format";

/**
 * What AIOS fixed in the model's answer before using it (a task key's case, a role's spelling, a
 * fence around the JSON), so a person can see the plan was repaired rather than taken as given.
 */
export function PlanRepairs({ plan }: { plan: Pick<CostedPlan, "repairs"> }) {
  const repairs = plan.repairs ?? [];
  if (repairs.length === 0) return null;
  return (
    <details className="group rounded-lg border border-info/40 bg-info/8 px-3 py-2 text-sm" data-testid="plan-repairs">
      <summary className="flex cursor-pointer list-none items-center gap-2 [&::-webkit-details-marker]:hidden">
        <Wrench className="size-4 shrink-0 text-info" aria-hidden />
        <span>
          AIOS fixed {pluralize(repairs.length, "small problem")} in the model&apos;s plan.{" "}
          <span className="text-muted-foreground underline-offset-2 group-open:hidden hover:underline">Show</span>
        </span>
      </summary>
      <ul className="mt-2 grid list-disc gap-0.5 pl-6 text-muted-foreground [overflow-wrap:anywhere]">
        {repairs.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
    </details>
  );
}
