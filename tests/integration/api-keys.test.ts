import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { apiKeyCache, apiKeyListenerReady, generateApiKey, hashApiKey, isApiKeyFormat } from "@/server/governance/api-keys";
import { recordSecret } from "../helpers/secret-registry";
import { failure, issueKey, keyCaller } from "./api-keys-helpers";
import { callerAs, orgWithRoles, outcome } from "./fixtures";

// API keys over tRPC (createContext with a Bearer header, as the HTTP route builds it): lifecycle,
// rotation overlap, revocation, scopes, the creator's current role, expiry, malformed tokens, project
// restriction, person-only procedures, caps and rate limits. Over real HTTP and Socket.IO: api-keys-http.

describe("API keys over tRPC", () => {
  it("stores only a keyed hash and a masked prefix; the secret is returned once", async () => {
    const fx = await orgWithRoles();
    const owner = await fx.people.owner.principal();
    const { key, secret } = await issueKey(owner, fx.org.id, { name: "deploy bot" });
    expect(isApiKeyFormat(secret)).toBe(true);
    expect(Buffer.from(secret.slice(8), "base64url")).toHaveLength(32);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.secretHash).toBe(hashApiKey(secret));
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.prefix).toBe(`aios_sk_${secret.slice(8, 12)}…${secret.slice(-4)}`);
    expect(JSON.stringify(row)).not.toContain(secret.slice(8));

    const caller = await callerAs(owner);
    const listed = JSON.stringify([await caller.apiKeys.mine({ orgId: fx.org.id }), await caller.apiKeys.list({ orgId: fx.org.id })]);
    expect(listed).toContain(key.id);
    expect(listed).not.toContain(secret);
    expect(listed).not.toContain(row.secretHash);
    const audit = await db.auditLog.findMany({ where: { orgId: fx.org.id, action: "apiKeys.create" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(8));
    expect(audit[0]).toMatchObject({ outcome: "success", targetType: "apiKey", targetId: key.id });
  });

  it("lifecycle: use → rotate with overlap → rotate without → revoke → refused on the next request", async () => {
    const fx = await orgWithRoles();
    const owner = await fx.people.owner.principal();
    const { key, secret: first } = await issueKey(owner, fx.org.id);
    const asKey = await keyCaller(first);
    expect((await asKey.projects.list({ orgId: fx.org.id })).map((p) => p.id)).toContain(fx.project.id);

    // The key acts as its creator; the audit row names the key.
    await asKey.diagnostics.ping({ orgId: fx.org.id, message: "from a key" });
    const ping = await db.auditLog.findFirstOrThrow({ where: { orgId: fx.org.id, action: "diagnostics.ping" } });
    expect(ping.actorId).toBe(fx.people.owner.user.id);
    expect(ping.detail).toMatchObject({ caller: { kind: "api key", id: key.id } });

    const rotated = await (await callerAs(owner)).apiKeys.rotate({ orgId: fx.org.id, keyId: key.id, overlapHours: 1 });
    recordSecret("secret", rotated.secret);
    expect(rotated.key.id).toBe(key.id);
    expect(rotated.secret).not.toBe(first);
    expect(rotated.key.previousExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    // Both secrets work during the overlap.
    expect(await outcome(async () => (await keyCaller(first)).projects.list({ orgId: fx.org.id }))).toBe("OK");
    expect(await outcome(async () => (await keyCaller(rotated.secret)).projects.list({ orgId: fx.org.id }))).toBe("OK");

    // The overlap ends: the old secret is refused, the new one works.
    await db.apiKey.update({ where: { id: key.id }, data: { previousExpiresAt: new Date(Date.now() - 1000) } });
    expect(await failure(async () => (await keyCaller(first)).projects.list({ orgId: fx.org.id }))).toEqual({
      code: "UNAUTHORIZED",
      message: "This API key was rotated and this secret no longer works. Use the new secret.",
    });
    expect(await outcome(async () => (await keyCaller(rotated.secret)).projects.list({ orgId: fx.org.id }))).toBe("OK");

    // Overlap 0: the previous secret is refused at once (the key may even rotate itself).
    const again = await (await keyCaller(rotated.secret)).apiKeys.rotate({ orgId: fx.org.id, keyId: key.id, overlapHours: 0 });
    recordSecret("secret", again.secret);
    expect(await outcome(async () => (await keyCaller(rotated.secret)).projects.list({ orgId: fx.org.id }))).toBe("UNAUTHORIZED");
    expect(await outcome(async () => (await keyCaller(again.secret)).projects.list({ orgId: fx.org.id }))).toBe("OK");

    const revoked = await (await callerAs(owner)).apiKeys.revoke({ orgId: fx.org.id, keyId: key.id });
    expect(revoked.key.status).toBe("revoked");
    expect(await failure(async () => (await keyCaller(again.secret)).projects.list({ orgId: fx.org.id }))).toEqual({
      code: "UNAUTHORIZED",
      message: "This API key was revoked. Create a new key.",
    });
    expect(await outcome(() => callerAs(owner).then((c) => c.apiKeys.rotate({ orgId: fx.org.id, keyId: key.id })))).toBe("PRECONDITION_FAILED");
    expect(await outcome(() => callerAs(owner).then((c) => c.apiKeys.revoke({ orgId: fx.org.id, keyId: key.id })))).toBe("PRECONDITION_FAILED");
  });

  it("a revoke applies on the next request even when the cache still holds the key (no invalidation heard)", async () => {
    const fx = await orgWithRoles();
    const { key, secret } = await issueKey(await fx.people.owner.principal(), fx.org.id);
    // Server mode: the first key use starts the LISTEN connection, whose connect clears the cache (it
    // may have missed changes while deaf). Let it settle, so only the revoke below can matter.
    await keyCaller(secret);
    await apiKeyListenerReady();
    expect(await outcome(async () => (await keyCaller(secret)).projects.list({ orgId: fx.org.id }))).toBe("OK");
    expect(apiKeyCache().get(hashApiKey(secret))).toMatchObject({ id: key.id });
    // Revoked behind the service's back: no announcement, so the cache entry stays.
    await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    expect(apiKeyCache().get(hashApiKey(secret))).toMatchObject({ id: key.id });
    expect(await outcome(async () => (await keyCaller(secret)).projects.list({ orgId: fx.org.id }))).toBe("UNAUTHORIZED");
  });

  it("the service's revoke drops the cached lookup, and unknown keys are cached as misses", async () => {
    // On Postgres the LISTEN connection clears the cache when it (re)connects: let it settle first.
    await apiKeyListenerReady();
    const fx = await orgWithRoles();
    const owner = await fx.people.owner.principal();
    const { key, secret } = await issueKey(owner, fx.org.id);
    await keyCaller(secret);
    expect(apiKeyCache().get(hashApiKey(secret))).toMatchObject({ id: key.id });
    await (await callerAs(owner)).apiKeys.revoke({ orgId: fx.org.id, keyId: key.id });
    expect(apiKeyCache().get(hashApiKey(secret))).toBeUndefined();

    const unknown = generateApiKey();
    expect(await failure(() => keyCaller(unknown.secret))).toEqual({
      code: "UNAUTHORIZED",
      message: "This API key is not recognised: it may have been deleted, or it was copied incompletely.",
    });
    expect(apiKeyCache().get(unknown.hash)).toBeNull();
  });

  it("refuses malformed bearer tokens readably and never falls back to the cookie", async () => {
    const fx = await orgWithRoles();
    const { createContext } = await import("@/server/api");
    const { sessionCookie } = await import("./fixtures");
    const cookie = await sessionCookie(fx.people.owner.sessionId);
    for (const authorization of ["Bearer", "Bearer ", "Bearer not-a-key", "bearer aios_sk_short", "Bearer aios_sk_a aios_sk_b"]) {
      const got = await failure(() => createContext({ headers: new Headers({ authorization, cookie }) }));
      expect(got, authorization).toMatchObject({ code: "UNAUTHORIZED" });
      expect((got as { message: string }).message).toMatch(/AIOS API key|Authorization header/);
    }
    // Another scheme (a proxy's Basic auth) is not ours: the cookie decides.
    const ctx = await createContext({ headers: new Headers({ authorization: "Basic dXNlcjpwYXNz", cookie }) });
    expect(ctx.principal).toMatchObject({ kind: "user", userId: fx.people.owner.user.id });
  });

  it("scopes limit a key; a scope the creator lacks cannot be given", async () => {
    const fx = await orgWithRoles();
    const admin = await fx.people.admin.principal();
    const { secret } = await issueKey(admin, fx.org.id, { scopes: ["projects:read"] });
    const asKey = await keyCaller(secret);
    expect(await outcome(() => asKey.projects.list({ orgId: fx.org.id }))).toBe("OK");
    expect(await failure(() => asKey.members.list({ orgId: fx.org.id }))).toEqual({
      code: "FORBIDDEN",
      message: "This API key's scopes do not include members:read.",
    });
    // The key's own scopes bound any key it creates (it has no keys:own here at all).
    expect(await outcome(() => asKey.apiKeys.create({ orgId: fx.org.id, name: "x", scopes: ["projects:read"] }))).toBe("FORBIDDEN");

    const member = await callerAs(await fx.people.member.principal());
    expect(await failure(() => member.apiKeys.create({ orgId: fx.org.id, name: "too much", scopes: ["projects:read", "members:manage"] }))).toEqual({
      code: "BAD_REQUEST",
      message: "Scopes: you cannot give a key members:manage: your role (member) does not have it.",
    });
    // A key with keys:own creates keys only within its own scopes.
    const { secret: keysKey } = await issueKey(admin, fx.org.id, { scopes: ["keys:own", "projects:read"] });
    expect(await failure(async () => (await keyCaller(keysKey)).apiKeys.create({ orgId: fx.org.id, name: "wider", scopes: ["audit:read"] }))).toEqual({
      code: "BAD_REQUEST",
      message: "Scopes: you cannot give a key audit:read: the API key you are using does not have it.",
    });
    const narrower = await (await keyCaller(keysKey)).apiKeys.create({ orgId: fx.org.id, name: "narrow", scopes: ["projects:read"] });
    recordSecret("secret", narrower.secret);
    expect(narrower.key.createdBy.id).toBe(fx.people.admin.user.id);
  });

  it("a key loses what its creator loses: role change, disabled membership, disabled account, removal", async () => {
    const fx = await orgWithRoles();
    const adminId = fx.people.admin.user.id;
    const { secret } = await issueKey(await fx.people.admin.principal(), fx.org.id);
    const call = async () => (await keyCaller(secret)).audit.list({ orgId: fx.org.id });
    expect(await outcome(call)).toBe("OK");

    await db.membership.update({ where: { orgId_userId: { orgId: fx.org.id, userId: adminId } }, data: { role: "member" } });
    expect(await failure(call)).toEqual({ code: "FORBIDDEN", message: "Your role (member) does not allow audit:read." });
    expect(await outcome(async () => (await keyCaller(secret)).projects.list({ orgId: fx.org.id }))).toBe("OK");

    await db.membership.update({ where: { orgId_userId: { orgId: fx.org.id, userId: adminId } }, data: { status: "disabled" } });
    expect(await failure(call)).toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("no longer an active member") });
    await db.membership.update({ where: { orgId_userId: { orgId: fx.org.id, userId: adminId } }, data: { status: "active" } });
    expect(await outcome(async () => (await keyCaller(secret)).projects.list({ orgId: fx.org.id }))).toBe("OK");

    await db.user.update({ where: { id: adminId }, data: { disabledAt: new Date() } });
    expect(await failure(call)).toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("is disabled") });
    await db.user.update({ where: { id: adminId }, data: { disabledAt: null } });

    await (await callerAs(await fx.people.owner.principal())).members.remove({ orgId: fx.org.id, userId: adminId });
    expect(await failure(call)).toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("no longer an active member") });
  });

  it("a key acts in its own org only, and in role rules never above its scopes", async () => {
    const fx = await orgWithRoles();
    const { secret } = await issueKey(await fx.people.owner.principal(), fx.org.id, { scopes: ["members:read", "members:manage", "members:invite"] });
    const asKey = await keyCaller(secret);
    // Without owners:manage the owner's key acts as no more than an admin in role rules: it cannot make an owner.
    expect(await outcome(() => asKey.members.setRole({ orgId: fx.org.id, userId: fx.people.target.user.id, role: "owner" }))).toBe("FORBIDDEN");
    expect(await outcome(() => asKey.members.list({ orgId: fx.org.id }))).toBe("OK");

    const outsider = await fx.people.outsider.principal();
    const { secret: otherOrgKey } = await issueKey(outsider, fx.other.id);
    expect(await outcome(async () => (await keyCaller(otherOrgKey)).projects.list({ orgId: fx.org.id }))).toBe("NOT_FOUND");
    expect(await outcome(async () => (await keyCaller(otherOrgKey)).projects.get({ projectId: fx.project.id }))).toBe("NOT_FOUND");
  });

  it("expired keys are refused; expiry must be in the future", async () => {
    const fx = await orgWithRoles();
    const owner = await fx.people.owner.principal();
    const { key, secret } = await issueKey(owner, fx.org.id, { expiresAt: new Date(Date.now() + 3600_000) });
    expect(await outcome(async () => (await keyCaller(secret)).projects.list({ orgId: fx.org.id }))).toBe("OK");
    await db.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await failure(async () => (await keyCaller(secret)).projects.list({ orgId: fx.org.id }))).toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(/^This API key expired on \d{4}-/),
    });
    expect((await (await callerAs(owner)).apiKeys.mine({ orgId: fx.org.id })).find((k) => k.id === key.id)?.status).toBe("expired");
    expect(await failure(() => callerAs(owner).then((c) => c.apiKeys.create({ orgId: fx.org.id, name: "past", scopes: ["org:read"], expiresAt: new Date(Date.now() - 60_000) })))).toEqual({
      code: "BAD_REQUEST",
      message: "Expiry: choose a time in the future, or no expiry.",
    });
  });

  it("a project-restricted key reaches its project only, and no org-wide procedure", async () => {
    const fx = await orgWithRoles();
    const other = await db.project.create({ data: { orgId: fx.org.id, name: "Other", goal: "Something else" } });
    const { secret } = await issueKey(await fx.people.owner.principal(), fx.org.id, { projectId: fx.project.id });
    const asKey = await keyCaller(secret);
    expect(await outcome(() => asKey.projects.get({ projectId: fx.project.id }))).toBe("OK");
    expect(await outcome(() => asKey.projects.get({ projectId: other.id }))).toBe("NOT_FOUND");
    expect(await failure(() => asKey.projects.list({ orgId: fx.org.id }))).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("restricted to one project") });
    expect(await outcome(() => asKey.activity.recent({ orgId: fx.org.id }))).toBe("FORBIDDEN");
    expect(await outcome(() => asKey.apiKeys.create({ orgId: fx.org.id, name: "escape", scopes: ["projects:read"] }))).toBe("FORBIDDEN");

    const owner = await callerAs(await fx.people.owner.principal());
    expect(await outcome(() => owner.apiKeys.create({ orgId: fx.org.id, name: "bad project", scopes: ["projects:read"], projectId: "nope" }))).toBe("BAD_REQUEST");
    const foreign = await db.project.create({ data: { orgId: fx.other.id, name: "Foreign", goal: "Not ours" } });
    expect(await outcome(() => owner.apiKeys.create({ orgId: fx.org.id, name: "foreign", scopes: ["projects:read"], projectId: foreign.id }))).toBe("BAD_REQUEST");
  });

  it("person-only procedures refuse keys readably", async () => {
    const fx = await orgWithRoles();
    const { secret } = await issueKey(await fx.people.owner.principal(), fx.org.id);
    const asKey = await keyCaller(secret);
    const refused = { code: "FORBIDDEN", message: "API keys cannot do this: it acts on a person's own account. Sign in to AIOS as that person instead." };
    expect(await failure(() => asKey.me.get())).toEqual(refused);
    expect(await failure(() => asKey.me.sessions())).toEqual(refused);
    expect(await failure(() => asKey.me.changePassword({ currentPassword: "whatever it was", newPassword: "a brand new long password" }))).toEqual(refused);
    expect(await failure(() => asKey.orgs.create({ name: "Side org" }))).toEqual(refused);
  });

  it("only one's own keys are rotated or revoked with keys:own; keys:manage revokes anyone's", async () => {
    const fx = await orgWithRoles();
    const { key } = await issueKey(await fx.people.member.principal(), fx.org.id);
    const viewer = await callerAs(await fx.people.viewer.principal());
    expect(await outcome(() => viewer.apiKeys.rotate({ orgId: fx.org.id, keyId: key.id }))).toBe("NOT_FOUND");
    expect(await outcome(() => viewer.apiKeys.revoke({ orgId: fx.org.id, keyId: key.id }))).toBe("NOT_FOUND");
    expect(await outcome(() => viewer.apiKeys.revokeAny({ orgId: fx.org.id, keyId: key.id }))).toBe("FORBIDDEN");
    const admin = await callerAs(await fx.people.admin.principal());
    expect(await outcome(() => admin.apiKeys.rotate({ orgId: fx.org.id, keyId: key.id }))).toBe("NOT_FOUND");
    expect((await admin.apiKeys.list({ orgId: fx.org.id })).map((k) => k.id)).toContain(key.id);
    expect((await admin.apiKeys.mine({ orgId: fx.org.id })).map((k) => k.id)).not.toContain(key.id);
    const { key: revoked } = await admin.apiKeys.revokeAny({ orgId: fx.org.id, keyId: key.id });
    expect(revoked.status).toBe("revoked");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedById).toBe(fx.people.admin.user.id);
  });

  it("caps active keys per org and rate-limits creation per person", async () => {
    const fx = await orgWithRoles();
    const owner = await fx.people.owner.principal();
    const cap = env.AIOS_MAX_API_KEYS_PER_ORG;
    env.AIOS_MAX_API_KEYS_PER_ORG = 2;
    try {
      const a = await issueKey(owner, fx.org.id);
      await issueKey(owner, fx.org.id);
      expect(await failure(() => issueKey(owner, fx.org.id))).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("AIOS_MAX_API_KEYS_PER_ORG = 2") });
      await (await callerAs(owner)).apiKeys.revoke({ orgId: fx.org.id, keyId: a.key.id });
      await issueKey(owner, fx.org.id); // a revoked key frees its place
    } finally {
      env.AIOS_MAX_API_KEYS_PER_ORG = cap;
    }
    const member = await fx.people.member.principal();
    for (let i = 0; i < 20; i++) await issueKey(member, fx.org.id, { scopes: ["org:read"] });
    expect(await failure(() => issueKey(member, fx.org.id, { scopes: ["org:read"] }))).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    const limited = await db.auditLog.findFirst({ where: { orgId: fx.org.id, action: "apiKeys.create", outcome: "failure", actorId: fx.people.member.user.id } });
    expect(limited?.detail).toMatchObject({ error: "TOO_MANY_REQUESTS" });
  });

  it("records last use (time and address) at most once a minute", async () => {
    const fx = await orgWithRoles();
    const { key, secret } = await issueKey(await fx.people.owner.principal(), fx.org.id);
    await keyCaller(secret, "10.1.2.3");
    const first = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(first.lastUsedIp).toBe("10.1.2.3");
    await keyCaller(secret, "10.9.9.9");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(first.lastUsedAt);
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    await keyCaller(secret, "10.9.9.9");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedIp).toBe("10.9.9.9");
  });
});
