import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type Agent = Outputs["agents"]["list"][number];
export type Runtime = Outputs["agents"]["runtime"];
export type ModelTier = "fast" | "standard" | "deep";

/** The list returns the tier as a plain string (a text column); anything unknown reads as standard. */
export function asTier(value: string): ModelTier {
  return value === "fast" || value === "deep" ? value : "standard";
}

export const TIERS: { value: ModelTier; label: string; description: string }[] = [
  { value: "fast", label: "Fast", description: "Cheapest and quickest; routine, well-defined work" },
  { value: "standard", label: "Standard", description: "The everyday default for building and testing" },
  { value: "deep", label: "Deep", description: "Most capable; planning and hard problems" },
];

export const tierLabel = (tier: string) => TIERS.find((t) => t.value === tier)?.label ?? tier;
