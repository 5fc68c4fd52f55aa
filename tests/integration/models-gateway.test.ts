import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createProviderRegistry, generate, generateWith, parseLlmConfig, resolveModelFor, type GenerateOptions } from "@/server/llm";
import { createOfflineModel } from "@/server/llm/offline";
import { startLoopbackAnthropic } from "@/tests/helpers/loopback-anthropic";
import { startLoopbackOpenAI, type Loopback } from "@/tests/helpers/loopback-openai";
import { recordSecret } from "@/tests/helpers/secret-registry";
import { callerAs, orgWithRoles, type OrgFixture } from "./fixtures";

// The gateway resolves each org's tiers from its catalog: a provider added in Admin → Models, reached
// with its decrypted key, costed at the catalog's price version (cached reads and cache writes
// included); an edited price applies to new calls only; a tier change reaches another process's
// registry on its next call; an org that changed nothing gets exactly the environment's models.

const KEYS = { anthropic: "sk-ant-gateway-catalog-0123456789abcd", openai: "sk-proj-gateway-catalog-0123456789abcd" };
Object.values(KEYS).forEach((k) => recordSecret("secret", k));

let fx: OrgFixture;
let admin: Awaited<ReturnType<typeof callerAs>>;
const servers: Loopback[] = [];

beforeAll(async () => {
  fx = await orgWithRoles();
  admin = await callerAs(await fx.people.owner.principal());
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const call = (over: Partial<GenerateOptions> = {}): GenerateOptions => ({
  purpose: "agent",
  tier: "standard",
  system: "You are the backend agent.",
  messages: [{ role: "user", content: "Say hi." }],
  scope: { orgId: fx.org.id, projectId: fx.project.id },
  ...over,
});

async function providerWithTier(kind: "anthropic" | "openai", modelId: string, server: Loopback) {
  const p = await admin.models.addProvider({ orgId: fx.org.id, kind, name: `${kind} loopback ${modelId}`, baseUrl: server.url, apiKey: KEYS[kind] });
  const entry = (await admin.models.catalog({ orgId: fx.org.id })).models.find((m) => m.credentialId === p.id && m.modelId === modelId)!;
  await admin.models.setTier({ orgId: fx.org.id, tier: "standard", entryId: entry.id });
  return { provider: p, entry };
}

describe("the gateway and the org's catalog", () => {
  it("gives an org that changed nothing the environment's models, priced from its catalog", async () => {
    const resolved = await resolveModelFor(fx.org.id, "deep");
    expect(resolved).toMatchObject({ provider: "offline", isOffline: true, label: "Offline demo model" });
    const result = await generate(call({ tier: "deep", purpose: "chat" }));
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: result.llmCallId } });
    expect(Number(row.costUsd)).toBe(0);
    const offline = await db.modelCatalogEntry.findFirstOrThrow({ where: { orgId: fx.org.id, source: "offline" } });
    expect(row.priceId).toBe(offline.currentPriceId); // the free offline price version
  });

  it("calls an Anthropic provider added in the UI with its key and costs cached reads and cache writes at the catalog price", async () => {
    const server = await startLoopbackAnthropic({ script: () => ({ text: "Hi.", usage: { inputTokens: 10_000, outputTokens: 1_000, cachedInputTokens: 4_000, cacheWriteTokens: 2_000 } }) });
    servers.push(server);
    const { entry } = await providerWithTier("anthropic", "claude-sonnet-4-5", server);
    expect(entry.price).toMatchObject({ inputPerMTok: 3, outputPerMTok: 15, cachedReadPerMTok: 0.3, cacheWritePerMTok: 3.75 });

    const first = await generate(call());
    expect(server.requests.at(-1)?.headers["x-api-key"]).toBe(KEYS.anthropic);
    expect(first).toMatchObject({ provider: "anthropic", modelId: "claude-sonnet-4-5" });
    // 4,000 uncached × $3 + 4,000 cached × $0.30 + 2,000 written × $3.75 + 1,000 out × $15, per million.
    const firstCost = (4_000 * 3 + 4_000 * 0.3 + 2_000 * 3.75 + 1_000 * 15) / 1e6;
    expect(first.costUsd).toBeCloseTo(firstCost, 6);
    const firstRow = await db.llmCall.findUniqueOrThrow({ where: { id: first.llmCallId } });
    expect(firstRow).toMatchObject({ priceId: entry.price!.priceId, tokensIn: 10_000, tokensCached: 4_000, tokensCacheWrite: 2_000 });
    expect(Number(firstRow.cacheSavingsUsd)).toBeCloseTo((4_000 * (3 - 0.3)) / 1e6, 6);

    // An edited price: new calls use the new version, the old call keeps its own.
    const edited = await admin.models.setPrice({ orgId: fx.org.id, entryId: entry.id, inputPerMTok: 6, outputPerMTok: 30, cachedReadPerMTok: 0.6, cacheWritePerMTok: 7.5 });
    const second = await generate(call());
    expect(second.costUsd).toBeCloseTo(firstCost * 2, 6);
    expect((await db.llmCall.findUniqueOrThrow({ where: { id: second.llmCallId } })).priceId).toBe(edited.priceId);
    const old = await db.llmCall.findUniqueOrThrow({ where: { id: first.llmCallId } });
    expect(old.priceId).toBe(entry.price!.priceId);
    expect(Number(old.costUsd)).toBeCloseTo(firstCost, 6);
  });

  it("applies a tier change in another process's registry on its next call, without a restart", async () => {
    // A second registry with its own cache stands in for another process (same environment: offline).
    const other = createProviderRegistry(parseLlmConfig({}), { offlineModel: () => createOfflineModel({ delayMs: 0 }) });
    expect(await other.resolveFor(fx.org.id, "standard")).toMatchObject({ provider: "anthropic", modelId: "claude-sonnet-4-5" });

    const server = await startLoopbackOpenAI({ script: () => ({ text: "Hello.", usage: { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 500_000 } }) });
    servers.push(server);
    await providerWithTier("openai", "gpt-4.1-mini", server);
    const result = await generateWith(other, call());
    expect(result).toMatchObject({ provider: "openai", modelId: "gpt-4.1-mini" });
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
    expect(result.costUsd).toBeCloseTo(500_000 * 0.4 / 1e6 + 500_000 * 0.1 / 1e6, 6); // gpt-4.1-mini: $0.40 in, $0.10 cached

    await admin.models.setTier({ orgId: fx.org.id, tier: "standard", entryId: null });
    expect(await other.resolveFor(fx.org.id, "standard")).toMatchObject({ provider: "offline" });
  });

  it("refuses a tier whose key cannot be opened, naming the remedy, and never sends the work elsewhere", async () => {
    const server = await startLoopbackOpenAI({ script: () => ({ text: "Should not be reached." }) });
    servers.push(server);
    const { provider } = await providerWithTier("openai", "gpt-4o-mini", server);
    const row = await db.providerCredential.findUniqueOrThrow({ where: { id: provider.id } });
    try {
      // A master key that changed without rotation: the stored fingerprint is not this process's.
      await db.providerCredential.update({ where: { id: row.id }, data: { masterKeyId: "0123456789abcdef" } });
      await db.org.update({ where: { id: fx.org.id }, data: { catalogVersion: { increment: 1 } } });
      await expect(generate(call())).rejects.toThrow(/encrypted under a different master key[\s\S]*npm run secrets:rotate/);

      // An altered ciphertext is refused as such.
      const flipped = Buffer.from(row.keyCiphertext!, "base64");
      flipped[0] = flipped[0]! ^ 1;
      await db.providerCredential.update({ where: { id: row.id }, data: { masterKeyId: row.masterKeyId, keyCiphertext: flipped.toString("base64") } });
      await db.org.update({ where: { id: fx.org.id }, data: { catalogVersion: { increment: 1 } } });
      await expect(generate(call())).rejects.toThrow(/failed its integrity check \(it was altered\): enter the API key again/);
      expect(server.requests).toHaveLength(0);
    } finally {
      await db.providerCredential.update({ where: { id: row.id }, data: { masterKeyId: row.masterKeyId, keyCiphertext: row.keyCiphertext } });
      await admin.models.setTier({ orgId: fx.org.id, tier: "standard", entryId: null });
    }
  });
});
