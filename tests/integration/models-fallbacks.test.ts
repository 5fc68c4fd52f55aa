import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoopbackOpenAI, type Loopback } from "@/tests/helpers/loopback-openai";
import { callerAs, orgWithRoles, type OrgFixture } from "./fixtures";

// Admin → Models' fallback order per tier: the same candidate pipeline a call runs (the tier's model, its
// same-tier alternatives, the neighbouring tier's model, at most MAX_CANDIDATES), and the admin's mark
// that makes a catalog model a same-tier alternative. Owners/admins mark; members and viewers only read.

let fx: OrgFixture;
let server: Loopback;
let owner: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  fx = await orgWithRoles();
  owner = await callerAs(await fx.people.owner.principal());
  server = await startLoopbackOpenAI({ script: [{ text: "ok" }], models: [] });
});
afterAll(async () => {
  await server?.close();
});

describe("models.fallbacks and models.setFallbackTier", () => {
  it("lists each tier's order and puts a marked model right after the tier's own", async () => {
    const orgId = fx.org.id;
    // A fresh org: every tier is the offline model, with nothing to fall back to.
    const fresh = await owner.models.fallbacks({ orgId });
    expect(fresh.tiers.map((t) => t.steps.map((s) => [s.modelId, s.kind]))).toEqual([[["aios-offline-1", "tier"]], [["aios-offline-1", "tier"]], [["aios-offline-1", "tier"]]]);

    const p = await owner.models.addProvider({ orgId, kind: "compatible", name: "Loop", baseUrl: server.url });
    const ids: Record<string, string> = {};
    for (const m of ["small", "medium", "large", "spare"]) ids[m] = (await owner.models.addModel({ orgId, credentialId: p.id, modelId: m })).id;
    await owner.models.setTier({ orgId, tier: "fast", entryId: ids.small! });
    await owner.models.setTier({ orgId, tier: "standard", entryId: ids.medium! });
    await owner.models.setTier({ orgId, tier: "deep", entryId: ids.large! });
    const before = await owner.models.fallbacks({ orgId });
    const standard = (o: typeof before) => o.tiers.find((t) => t.tier === "standard")!.steps.map((s) => [s.modelId, s.kind, s.fromTier]);
    // The offline model is never a silent stand-in for a real one: the fast tier's model is the fallback.
    expect(standard(before)).toEqual([
      ["medium", "tier", "standard"],
      ["small", "neighbour", "fast"],
    ]);

    const after = await owner.models.setFallbackTier({ orgId, entryId: ids.spare!, tier: "standard" });
    expect(standard(after)).toEqual([
      ["medium", "tier", "standard"],
      ["spare", "same-tier", "standard"],
      ["small", "neighbour", "fast"],
    ]);
    expect(after.maxCandidates).toBe(3);
    expect(standard(await owner.models.fallbacks({ orgId }))).toEqual(standard(after));

    const cleared = await owner.models.setFallbackTier({ orgId, entryId: ids.spare!, tier: null });
    expect(standard(cleared)).toEqual(standard(before));
  });

  it("refuses a disabled model with a sentence, and anyone below admin", async () => {
    const orgId = fx.org.id;
    const spare = (await owner.models.catalog({ orgId })).models.find((m) => m.modelId === "spare")!;
    await owner.models.updateModel({ orgId, entryId: spare.id, enabled: false });
    await expect(owner.models.setFallbackTier({ orgId, entryId: spare.id, tier: "deep" })).rejects.toThrow("Model: spare is disabled; enable it before making it a fallback.");
    for (const who of [fx.people.member, fx.people.viewer]) {
      const caller = await callerAs(await who.principal());
      await expect(caller.models.setFallbackTier({ orgId, entryId: spare.id, tier: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect((await caller.models.fallbacks({ orgId })).tiers).toHaveLength(3);
    }
    await expect(owner.models.setFallbackTier({ orgId: fx.other.id, entryId: spare.id, tier: null })).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) });
  });
});
