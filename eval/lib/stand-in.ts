import type { SlipKind } from "../../tests/helpers/loopback-imperfect";

// Loopback provider stand-ins (labelled as such in the report): OpenAI-compatible servers on 127.0.0.1
// from tests/helpers, answered by AIOS's offline demo model over real HTTP. "offline" answers as the
// offline model does; "imperfect" makes the slips real models make (fenced and broken JSON, wrong-case
// plan keys, an unknown tool, a bad argument, a repeat loop, a huge output, cut and garbage streams), each
// once per stand-in. Each task run gets a fresh one, so every run meets every slip. The eval then talks to
// it as to any endpoint: the compatible provider on every tier.

export const STAND_INS = ["offline", "imperfect"] as const;
export type StandInKind = (typeof STAND_INS)[number];

export type StandIn = { url: string; slips: () => SlipKind[]; close: () => Promise<void> };

export const STAND_IN_MODEL = "stand-in";

export async function startStandIn(kind: StandInKind): Promise<StandIn> {
  if (kind === "imperfect") {
    const { startLoopbackImperfect } = await import("../../tests/helpers/loopback-imperfect");
    const lb = await startLoopbackImperfect({});
    return { url: lb.url, slips: () => lb.slips.map((s) => s.kind), close: lb.close };
  }
  const { startLoopbackOffline } = await import("../../tests/helpers/loopback-offline");
  const lb = await startLoopbackOffline({ models: [STAND_IN_MODEL] });
  return { url: lb.url, slips: () => [], close: lb.close };
}

/** Points every tier at the stand-in (the same variables `--provider` sets, applied while running). */
export async function routeTiersTo(url: string | null): Promise<void> {
  const { configureProviders, parseLlmConfig } = await import("@/server/llm");
  const model = `compatible:${STAND_IN_MODEL}`;
  configureProviders(
    url
      ? parseLlmConfig({ AIOS_OPENAI_COMPATIBLE_URL: url, AIOS_OPENAI_COMPATIBLE_NAME: "Eval stand-in", AIOS_MODEL_FAST: model, AIOS_MODEL_STANDARD: model, AIOS_MODEL_DEEP: model })
      : null,
  );
}
