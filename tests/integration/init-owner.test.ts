import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/trpc/[trpc]/route";
import { POLICY } from "@/lib/rbac";
import { verifyPassword, MIN_PASSWORD_LENGTH } from "@/server/auth";
import { closeDatabase, db, prepareDatabase } from "@/server/db";
import { env, parseEnv } from "@/server/env";
import { hashApiKey, isApiKeyFormat } from "@/server/governance/api-keys/secret";
import { INIT_KEY_NAME, initConfigFromEnv, initOwner } from "@/server/governance/init-owner";
import { stopQueue } from "@/server/queue";
import { recordSecret } from "../helpers/secret-registry";
import { databaseRows, findSecrets, knownSecrets, scanOwnDatabase } from "../security/secrets-scan";

// Headless initialisation: the AIOS_INIT_* owner, org and key are created once, whoever starts first;
// bad values stop start-up naming the variable; the key works as a bearer token; the audit row holds no
// secret. It needs a database with no user: PGlite gives each file a fresh one; on native Postgres
// (one shared database for every file) this file moves to a database of its own while it runs.

const PASSWORD = "correct horse battery staple"; // in TEST_PASSWORDS
const newKey = () => `aios_sk_${randomBytes(32).toString("base64url")}`;

let ownDatabase: { admin: pg.Client; name: string; sharedUrl: string } | null = null;

async function emptyDatabase(): Promise<void> {
  if (env.mode === "embedded") {
    // This file's in-memory database: empty it between tests (users, and the orgs they owned).
    await db.user.deleteMany();
    await db.org.deleteMany();
    return;
  }
  if (!ownDatabase) {
    const sharedUrl = env.DATABASE_URL!;
    const admin = new pg.Client({ connectionString: sharedUrl });
    await admin.connect();
    ownDatabase = { admin, name: `aios_init_${process.pid}_${randomBytes(3).toString("hex")}`, sharedUrl };
  }
  await stopQueue();
  await closeDatabase();
  await ownDatabase.admin.query(`DROP DATABASE IF EXISTS ${ownDatabase.name} WITH (FORCE)`);
  await ownDatabase.admin.query(`CREATE DATABASE ${ownDatabase.name}`);
  const url = new URL(ownDatabase.sharedUrl);
  url.pathname = `/${ownDatabase.name}`;
  env.DATABASE_URL = url.toString();
  await prepareDatabase();
}

beforeAll(emptyDatabase, 120_000);

afterAll(async () => {
  await scanOwnDatabase("init-owner"); // PGlite: this file's database is gone once it ends
  if (!ownDatabase) return;
  await closeDatabase();
  env.DATABASE_URL = ownDatabase.sharedUrl;
  await ownDatabase.admin.query(`DROP DATABASE IF EXISTS ${ownDatabase.name} WITH (FORCE)`);
  await ownDatabase.admin.end();
});

const config = (over: Partial<Parameters<typeof initOwner>[0]> = {}) => ({
  email: "Ops@Example.test",
  password: PASSWORD,
  name: "Ops Robot",
  orgName: "Acme Clusters",
  ...over,
});

async function bearerGet(secret: string, path: string, input: unknown) {
  const url = `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return GET(new Request(url, { headers: { authorization: `Bearer ${secret}` } }));
}

describe("headless initialisation", () => {
  it("creates the owner, org, default agents and key once, audited without secrets", async () => {
    const apiKey = newKey();
    recordSecret("secret", apiKey);
    const first = await initOwner(config({ apiKey }));
    expect(first).toMatchObject({ created: true });
    if (!first.created) throw new Error("unreachable");

    const user = await db.user.findUniqueOrThrow({ where: { id: first.userId } });
    expect(user).toMatchObject({ email: "ops@example.test", name: "Ops Robot" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
    expect(await db.membership.findMany({ where: { userId: user.id } })).toEqual([expect.objectContaining({ orgId: first.orgId, role: "owner" })]);
    expect((await db.org.findUniqueOrThrow({ where: { id: first.orgId } })).name).toBe("Acme Clusters");
    expect(await db.agent.count({ where: { orgId: first.orgId, isDefault: true } })).toBeGreaterThan(0);

    const key = await db.apiKey.findUniqueOrThrow({ where: { id: first.apiKeyId! } });
    expect(key).toMatchObject({ orgId: first.orgId, name: INIT_KEY_NAME, createdById: user.id, secretHash: hashApiKey(apiKey), revokedAt: null, expiresAt: null });
    expect(new Set(key.scopes)).toEqual(new Set(POLICY.owner));
    expect(key.prefix).not.toContain(apiKey.slice(8, 20));

    const audit = await db.auditLog.findMany({ where: { action: "init.owner" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ orgId: first.orgId, actorId: user.id, targetId: user.id, outcome: "success" });
    const row = JSON.stringify(audit[0]);
    for (const secret of [apiKey, apiKey.slice(8), PASSWORD, user.passwordHash!, key.secretHash]) expect(row).not.toContain(secret);

    // A second start (or a restart with the variables still set) changes nothing.
    expect(await initOwner(config({ apiKey: newKey(), email: "someone-else@example.test" }))).toEqual({ created: false, reason: "users exist" });
    expect(await db.user.count()).toBe(1);
    expect(await db.apiKey.count()).toBe(1);
    expect(await db.auditLog.count({ where: { action: "init.owner" } })).toBe(1);
  });

  it("the key is a bearer token acting as the owner in the new org", async () => {
    await emptyDatabase();
    const apiKey = newKey();
    recordSecret("secret", apiKey);
    const result = await initOwner(config({ apiKey }));
    if (!result.created) throw new Error("init did not create the owner");
    const ok = await bearerGet(apiKey, "projects.list", { orgId: result.orgId });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect((await ok.json()).result.data.json).toEqual([]);
    const wrong = await bearerGet(newKey(), "projects.list", { orgId: result.orgId });
    expect(wrong.status).toBe(401);
  });

  it("starts racing each other create one owner, one org and one key", async () => {
    await emptyDatabase();
    const keys = Array.from({ length: 4 }, newKey);
    keys.forEach((k) => recordSecret("secret", k));
    const audited = await db.auditLog.count({ where: { action: "init.owner" } });
    const results = await Promise.all(keys.map((apiKey, i) => initOwner(config({ apiKey, email: `racer${i}@example.test` }))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => !r.created)).toHaveLength(3);
    expect(await db.user.count()).toBe(1);
    expect(await db.org.count()).toBe(1);
    expect(await db.membership.count()).toBe(1);
    expect(await db.apiKey.count()).toBe(1);
    expect(await db.auditLog.count({ where: { action: "init.owner" } })).toBe(audited + 1);
    // The key stored is the winner's.
    const winner = keys[results.findIndex((r) => r.created)]!;
    expect((await db.apiKey.findFirstOrThrow()).secretHash).toBe(hashApiKey(winner));
  });

  it("works without a key, with default names", async () => {
    await emptyDatabase();
    const result = await initOwner({ email: "solo@example.test", password: PASSWORD });
    if (!result.created) throw new Error("init did not create the owner");
    expect(result.apiKeyId).toBeNull();
    expect(await db.apiKey.count()).toBe(0);
    expect(await db.user.findUniqueOrThrow({ where: { id: result.userId } })).toMatchObject({ name: "solo" });
  });

  it("leaves no key, password or hash in plain text in any audit or event row", async () => {
    const rows = await databaseRows();
    expect(rows.auditRows).toBeGreaterThan(0);
    const hits = [...findSecrets("AuditLog", rows.audits, knownSecrets()), ...findSecrets("Event", rows.events, knownSecrets())];
    expect(hits).toEqual([]);
  });
});

describe("AIOS_INIT_* validation (stops start-up naming the variable)", () => {
  const base = { AIOS_INIT_OWNER_EMAIL: "ops@example.test", AIOS_INIT_OWNER_PASSWORD: PASSWORD };
  const refusal = (vars: Record<string, string>) => {
    try {
      parseEnv(vars);
    } catch (error) {
      return (error as Error).message;
    }
    return null;
  };

  it("accepts a complete configuration and turns it into the init config", () => {
    const apiKey = newKey();
    recordSecret("secret", apiKey);
    const parsed = parseEnv({ ...base, AIOS_INIT_OWNER_NAME: " Ops ", AIOS_INIT_ORG_NAME: "Acme", AIOS_INIT_API_KEY: apiKey });
    expect(initConfigFromEnv(parsed)).toEqual({ email: "ops@example.test", password: PASSWORD, name: "Ops", orgName: "Acme", apiKey });
    expect(initConfigFromEnv(parseEnv({}))).toBeNull();
  });

  it("refuses a weak password, a bad email, a malformed key, and half a configuration", () => {
    const weak = refusal({ ...base, AIOS_INIT_OWNER_PASSWORD: "short pw" });
    expect(weak).toMatch(/AIOS_INIT_OWNER_PASSWORD: is too weak: it needs at least 12 characters/);
    expect(weak).not.toContain("short pw");
    expect(refusal({ ...base, AIOS_INIT_OWNER_EMAIL: "not-an-email" })).toMatch(/AIOS_INIT_OWNER_EMAIL: must be an email address/);
    for (const bad of ["aios_sk_tooshort", `sk_${randomBytes(32).toString("base64url")}`, `${newKey()}x`, `aios_sk_${"!".repeat(43)}`]) {
      const message = refusal({ ...base, AIOS_INIT_API_KEY: bad });
      expect(message).toMatch(/AIOS_INIT_API_KEY: must be a full API key/);
      expect(message).not.toContain(bad);
    }
    expect(refusal({ AIOS_INIT_OWNER_EMAIL: "ops@example.test" })).toMatch(/AIOS_INIT_OWNER_PASSWORD: is required when/);
    expect(refusal({ AIOS_INIT_API_KEY: newKey() })).toMatch(/AIOS_INIT_OWNER_EMAIL: is required[\s\S]*AIOS_INIT_OWNER_PASSWORD: is required/);
    expect(refusal({ ...base, AIOS_INIT_ORG_NAME: "A" })).toMatch(/AIOS_INIT_ORG_NAME: needs at least 2 characters/);
  });

  it("uses the same rules as the setup page and the key issuer", () => {
    expect(refusal({ ...base, AIOS_INIT_OWNER_PASSWORD: "x".repeat(MIN_PASSWORD_LENGTH - 1) })).not.toBeNull();
    expect(refusal({ ...base, AIOS_INIT_OWNER_PASSWORD: "x".repeat(MIN_PASSWORD_LENGTH) })).toBeNull();
    for (const candidate of [newKey(), newKey().slice(0, -1), `${newKey()}A`, "aios_sk_" + "A".repeat(43), "aios_pk_" + "A".repeat(43)]) {
      expect(refusal({ ...base, AIOS_INIT_API_KEY: candidate }) === null, candidate).toBe(isApiKeyFormat(candidate));
    }
  });
});
