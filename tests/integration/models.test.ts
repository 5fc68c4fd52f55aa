import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { PRICE_TABLE_DATE } from "@/server/governance";
import { startLoopbackModels, type ModelsLoopback } from "@/tests/helpers/loopback-models";
import { recordSecret } from "@/tests/helpers/secret-registry";
import { callerAs, orgWithRoles, type OrgFixture } from "./fixtures";

// Admin → Models through the router: providers with sealed keys that never come back, readable
// verdicts from "Test connection", a catalog seeded from the dated table, versioned prices, tiers,
// and bad input refused naming the field with nothing written.

const OPENAI_KEY = "sk-proj-models-router-0123456789abcdefWXYZ";
const OTHER_KEY = "sk-proj-models-router-replaced-9876543210LMNO";
recordSecret("secret", OPENAI_KEY);
recordSecret("secret", OTHER_KEY);

let fx: OrgFixture;
let admin: Awaited<ReturnType<typeof callerAs>>;
let server: ModelsLoopback;

beforeAll(async () => {
  fx = await orgWithRoles();
  admin = await callerAs(await fx.people.admin.principal());
  server = await startLoopbackModels({ list: ["llama3.1", "qwen2.5"] });
});
afterAll(() => server.close());

const orgId = () => fx.org.id;
const message = async (p: Promise<unknown>) => {
  try {
    await p;
    return "OK";
  } catch (e) {
    return (e as Error).message;
  }
};
/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}
const version = async () => (await db.org.findUniqueOrThrow({ where: { id: orgId() } })).catalogVersion;

describe("models router", () => {
  it("shows a fresh org the environment's tiers, the offline model priced 0, and the price table's date", async () => {
    const view = await admin.models.catalog({ orgId: orgId() });
    expect(view.priceTableDate).toBe(PRICE_TABLE_DATE);
    expect(view.canStoreKeys).toBe(true);
    expect(view.tiers.map((t) => [t.tier, t.fromEnvironment, t.entryId])).toEqual([
      ["fast", true, null],
      ["standard", true, null],
      ["deep", true, null],
    ]);
    const offline = view.models.find((m) => m.source === "offline")!;
    expect(offline).toMatchObject({ fromEnvironment: true, sourceLabel: "Offline demo model", available: true, tiers: ["fast", "standard", "deep"] });
    expect(offline.price).toMatchObject({ inputPerMTok: 0, outputPerMTok: 0, cachedReadPerMTok: 0, cacheWritePerMTok: 0 });
  });

  it("adds an OpenAI provider with its key sealed: only a hint comes back, the table's models come with it", async () => {
    const before = await version();
    const view = await admin.models.addProvider({ orgId: orgId(), kind: "openai", name: "OpenAI (team)", apiKey: OPENAI_KEY });
    expect(view).toMatchObject({ kind: "openai", name: "OpenAI (team)", baseUrl: "https://api.openai.com/v1", keyHint: "sk-…WXYZ", enabled: true, fromEnvironment: false });
    expect(view.modelCount).toBeGreaterThan(5);
    expect(JSON.stringify(view)).not.toContain(OPENAI_KEY);
    expect(await version()).toBe(before + 1);

    const row = await db.providerCredential.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.keyCiphertext).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain(OPENAI_KEY);
    expect(row.masterKeyId).toMatch(/^[0-9a-f]{16}$/);

    const catalog = await admin.models.catalog({ orgId: orgId() });
    expect(JSON.stringify(catalog)).not.toContain(OPENAI_KEY);
    const gpt = catalog.models.find((m) => m.credentialId === view.id && m.modelId === "gpt-4.1")!;
    expect(gpt).toMatchObject({ sourceLabel: "OpenAI (team)", fromEnvironment: false, contextWindow: 1_047_576, price: { inputPerMTok: 2, outputPerMTok: 8, source: `price table ${PRICE_TABLE_DATE}` } });

    // The audit row of the mutation keeps a redacted summary of its input.
    const audit = await db.auditLog.findFirstOrThrow({ where: { orgId: orgId(), action: "models.addProvider" } });
    expect(JSON.stringify(audit)).not.toContain(OPENAI_KEY);
    expect((audit.detail as { input: { apiKey: string } }).input.apiKey).toBe("[redacted]");

    // Replacing the key: a new ciphertext, a new hint, still never the key.
    const replaced = await admin.models.updateProvider({ orgId: orgId(), credentialId: view.id, apiKey: OTHER_KEY });
    expect(replaced.keyHint).toBe("sk-…LMNO");
    const after = await db.providerCredential.findUniqueOrThrow({ where: { id: view.id } });
    expect(after.keyCiphertext).not.toBe(row.keyCiphertext);
    expect(after.keyNonce).not.toBe(row.keyNonce);
  });

  it("refuses bad providers naming the field, and writes nothing", async () => {
    const before = await db.providerCredential.count({ where: { orgId: orgId() } });
    const cases: [Parameters<typeof admin.models.addProvider>[0], RegExp][] = [
      [{ orgId: orgId(), kind: "compatible", name: "Ftp", baseUrl: "ftp://example.com/v1" }, /^Base URL: must start with http:\/\/ or https:\/\//],
      [{ orgId: orgId(), kind: "compatible", name: "Junk", baseUrl: "not a url" }, /^Base URL: "not a url" is not a URL/],
      [{ orgId: orgId(), kind: "compatible", name: "Creds", baseUrl: "http://user:pw@localhost:11434/v1" }, /^Base URL: must not contain a user name or password/],
      [{ orgId: orgId(), kind: "compatible", name: "None" }, /^Base URL: required for an OpenAI-compatible server/],
      [{ orgId: orgId(), kind: "anthropic", name: "No key" }, /^API key: required for Anthropic/],
      [{ orgId: orgId(), kind: "openai", name: "Spaces", apiKey: "sk-abc def ghi jkl" }, /^API key: contains spaces/],
      [{ orgId: orgId(), kind: "openai", name: "OpenAI (team)", apiKey: OTHER_KEY }, /^Name: a provider named "OpenAI \(team\)" already exists/],
      [{ orgId: orgId(), kind: "openai", name: "", apiKey: OTHER_KEY }, /^Name: required/],
    ];
    for (const [input, expected] of cases) expect(await message(admin.models.addProvider(input))).toMatch(expected);
    expect(await db.providerCredential.count({ where: { orgId: orgId() } })).toBe(before);
  });

  it("tests connections with readable verdicts, without the key in any of them", async () => {
    const draft = (over: { baseUrl?: string; apiKey?: string } = {}) =>
      admin.models.testDraft({ orgId: orgId(), kind: "compatible", baseUrl: server.url, ...over });
    server.set({ list: ["llama3.1", "qwen2.5"] });
    expect(await draft()).toEqual({ ok: true, message: "Connected: 2 models", modelIds: ["llama3.1", "qwen2.5"] });

    server.set({ list: ["llama3.1"], requireKey: "the-right-key-123" });
    const refused = await draft({ apiKey: OTHER_KEY });
    expect(refused).toEqual({ ok: false, message: "The key was refused (401).", modelIds: [] });
    expect(server.seen.at(-1)?.authorization).toBe(`Bearer ${OTHER_KEY}`); // the key went to the server typed, nowhere else

    server.set({ status: 404 });
    expect((await draft()).message).toBe(`Not an OpenAI-compatible server: GET ${server.url}/models answered 404 (is the base URL missing /v1?).`);
    server.set({ raw: "<html>Welcome to nginx</html>" });
    expect((await draft()).message).toBe(`Not an OpenAI-compatible server: GET ${server.url}/models did not answer with JSON.`);
    server.set({ status: 200, body: JSON.stringify({ hello: "world" }) });
    expect((await draft()).message).toBe(`Not an OpenAI-compatible server: GET ${server.url}/models did not return a model list.`);
    server.set({ status: 503 });
    expect((await draft()).message).toBe("The server failed (503); try again later.");
    const closed = await closedPort();
    expect((await draft({ baseUrl: `http://127.0.0.1:${closed}/v1` })).message).toBe(`Could not reach http://127.0.0.1:${closed}/v1: connection refused`);
  });

  it("times out a silent server after the limit", async () => {
    const { testConnection } = await import("@/server/llm");
    server.set({ hang: true });
    const started = Date.now();
    expect(await testConnection({ kind: "compatible", baseUrl: server.url, apiKey: null }, { timeoutMs: 300 })).toEqual({ ok: false, message: "Timed out after 0.3 s.", modelIds: [] });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("tests a saved provider, records the verdict, and adds models from it", async () => {
    server.set({ list: ["llama3.1", "qwen2.5"], requireKey: "ollama-k-4567" });
    recordSecret("secret", "ollama-k-4567");
    const p = await admin.models.addProvider({ orgId: orgId(), kind: "compatible", name: "ollama", baseUrl: `${server.url}/`, apiKey: "ollama-k-4567" });
    expect(p).toMatchObject({ baseUrl: server.url, modelCount: 0, keyHint: "…" }); // short key: nothing of it shown
    const result = await admin.models.testProvider({ orgId: orgId(), credentialId: p.id });
    expect(result).toMatchObject({ ok: true, message: "Connected: 2 models" });
    const catalog = await admin.models.catalog({ orgId: orgId() });
    expect(catalog.providers.find((x) => x.id === p.id)?.lastTest).toMatchObject({ ok: true, message: "Connected: 2 models" });

    const added = await admin.models.addModel({ orgId: orgId(), credentialId: p.id, modelId: "llama3.1", contextWindow: 131_072, capabilities: { vision: false } });
    expect(added).toMatchObject({ provider: "compatible", modelId: "llama3.1", price: null, contextWindow: 131_072, sourceLabel: "ollama" });
    expect(await message(admin.models.addModel({ orgId: orgId(), credentialId: p.id, modelId: "llama3.1" }))).toBe('Model id: llama3.1 is already in the catalog for "ollama".');
    expect(await message(admin.models.addModel({ orgId: orgId(), credentialId: p.id, modelId: "qwen", contextWindow: 1000, maxOutputTokens: 2000 }))).toBe(
      "Max output tokens: cannot be more than the context window.",
    );
  });

  it("versions prices, refuses negative or absurd ones naming the field, and keeps the history", async () => {
    const catalog = await admin.models.catalog({ orgId: orgId() });
    const entry = catalog.models.find((m) => m.modelId === "llama3.1" && !m.fromEnvironment)!;
    const first = await admin.models.setPrice({ orgId: orgId(), entryId: entry.id, inputPerMTok: 0.2, outputPerMTok: 0.6, cachedReadPerMTok: 0.05, cacheWritePerMTok: 0.2 });
    const second = await admin.models.setPrice({ orgId: orgId(), entryId: entry.id, inputPerMTok: 0.3, outputPerMTok: 0.9, cachedReadPerMTok: 0.05, cacheWritePerMTok: 0.3 });
    expect(second.priceId).not.toBe(first.priceId);
    expect(second).toMatchObject({ source: "edited", inputPerMTok: 0.3 });
    const history = await admin.models.priceHistory({ orgId: orgId(), entryId: entry.id });
    expect(history.map((h) => h.priceId)).toEqual([second.priceId, first.priceId]);

    const bad = (over: Record<string, number>) =>
      message(admin.models.setPrice({ orgId: orgId(), entryId: entry.id, inputPerMTok: 1, outputPerMTok: 1, cachedReadPerMTok: 1, cacheWritePerMTok: 1, ...over }));
    expect(await bad({ inputPerMTok: -1 })).toBe("Input price: cannot be negative.");
    expect(await bad({ outputPerMTok: 5000 })).toBe("Output price: above the $1000 per million tokens limit.");
    expect(await db.modelPrice.count({ where: { entryId: entry.id } })).toBe(2);
  });

  it("maps tiers to catalog models, refuses to disable or remove what a tier uses, and goes back to the environment", async () => {
    const catalog = await admin.models.catalog({ orgId: orgId() });
    const llama = catalog.models.find((m) => m.modelId === "llama3.1" && !m.fromEnvironment)!;
    const tier = await admin.models.setTier({ orgId: orgId(), tier: "fast", entryId: llama.id });
    expect(tier).toMatchObject({ tier: "fast", entryId: llama.id, fromEnvironment: false, modelId: "llama3.1", label: "ollama llama3.1", fallbackReason: null });

    expect(await message(admin.models.updateModel({ orgId: orgId(), entryId: llama.id, enabled: false }))).toBe(
      "Cannot disable llama3.1: the fast tier uses it. Choose another model for that tier first.",
    );
    expect(await message(admin.models.removeModel({ orgId: orgId(), entryId: llama.id }))).toMatch(/^Cannot remove llama3.1: the fast tier uses it/);
    expect(await message(admin.models.removeProvider({ orgId: orgId(), credentialId: llama.credentialId! }))).toMatch(/^Cannot remove "ollama": the fast tier uses it/);
    expect(await message(admin.models.setProviderEnabled({ orgId: orgId(), credentialId: llama.credentialId!, enabled: false }))).toMatch(/^Cannot disable "ollama"/);

    const offline = catalog.models.find((m) => m.source === "offline")!;
    expect(await message(admin.models.updateModel({ orgId: orgId(), entryId: offline.id, contextWindow: 5 }))).toMatch(/comes from the server's environment/);
    expect(await message(admin.models.removeModel({ orgId: orgId(), entryId: offline.id }))).toMatch(/cannot be removed here; disable it instead/);

    expect(await admin.models.setTier({ orgId: orgId(), tier: "fast", entryId: null })).toMatchObject({ fromEnvironment: true, entryId: null });
    await admin.models.removeProvider({ orgId: orgId(), credentialId: llama.credentialId! });
    expect(await db.modelCatalogEntry.count({ where: { id: llama.id } })).toBe(0);
  });

  it("keeps members to reading, and other orgs out", async () => {
    const member = await callerAs(await fx.people.member.principal());
    expect((await member.models.catalog({ orgId: orgId() })).models.length).toBeGreaterThan(0);
    expect(await message(member.models.addProvider({ orgId: orgId(), kind: "compatible", name: "x", baseUrl: server.url }))).toBe("Your role (member) does not allow providers:manage.");
    const outsider = await callerAs(await fx.people.outsider.principal());
    const entry = (await admin.models.catalog({ orgId: orgId() })).models[0]!;
    expect(await message(outsider.models.setPrice({ orgId: fx.other.id, entryId: entry.id, inputPerMTok: 1, outputPerMTok: 1, cachedReadPerMTok: 1, cacheWritePerMTok: 1 }))).toBe(
      "That model was not found.",
    );
  });
});
