import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { IntakeDecision, PlanDraft } from "@/lib/plan";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { estimateCost, generate, modelStatus, OFFLINE_LABEL, resolveModel } from "@/server/llm";

// The gateway as a fresh install sees it: no provider configured, every tier is the offline demo
// model, and calls are recorded like any other (at no cost).
const providerConfigured = Boolean(env.OPENAI_API_KEY || env.ANTHROPIC_API_KEY || env.AIOS_OPENAI_COMPATIBLE_URL);

describe.skipIf(providerConfigured)("the gateway with no provider configured", () => {
  it("uses the offline demo model for every tier and says how to configure a real one", () => {
    const status = modelStatus();
    expect(status.offline).toBe(true);
    for (const tier of ["fast", "standard", "deep"] as const) {
      expect(status.tiers[tier]).toEqual({ provider: "offline", modelId: "aios-offline-1", label: OFFLINE_LABEL });
      expect(resolveModel(tier)).toMatchObject({ provider: "offline", isOffline: true, label: "Offline demo model" });
    }
    expect(status.howToConfigure).toMatch(/ANTHROPIC_API_KEY[\s\S]*AIOS_MODEL_STANDARD/);
    expect(estimateCost("deep", 1_000_000)).toBe(0);
  });

  it("answers intake and planning with structured output and records each call at no cost", async () => {
    const id = randomBytes(5).toString("hex");
    const org = await db.org.create({ data: { name: `Offline ${id}`, slug: `offline-${id}` } });
    const messages = [{ role: "user" as const, content: "Build a small todo API with tests." }];

    const intake = await generate({
      purpose: "intake",
      tier: "fast",
      system: "Read the request.",
      messages,
      output: IntakeDecision,
      scope: { orgId: org.id },
    });
    expect(IntakeDecision.safeParse(intake.object).success).toBe(true);

    const plan = await generate({
      purpose: "planning",
      tier: "deep",
      system: '<aios purpose="plan"/>\nPlan the work.',
      messages,
      output: PlanDraft,
      scope: { orgId: org.id },
    });
    expect(PlanDraft.safeParse(plan.object).success).toBe(true);

    for (const result of [intake, plan]) {
      expect(result).toMatchObject({ provider: "offline", modelId: "aios-offline-1", costUsd: 0 });
      const row = await db.llmCall.findUniqueOrThrow({ where: { id: result.llmCallId } });
      expect(row).toMatchObject({ orgId: org.id, provider: "offline", model: "aios-offline-1", status: "ok", tokensIn: result.usage.inputTokens });
      expect(Number(row.costUsd)).toBe(0);
    }
    const events = await db.event.findMany({ where: { orgId: org.id, type: "llm.call" } });
    expect(events.map((e) => (e.payload as { purpose: string }).purpose).sort()).toEqual(["intake", "planning"]);
  });
});
