import superjson from "superjson";
import { afterEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/trpc/[trpc]/route";
import { db } from "@/server/db";
import { callerAs, orgWithRoles, outcome, sessionCookie } from "./fixtures";

// A mutation and its audit row commit together or not at all; hostile input never reaches a
// procedure; a refused outsider never writes into the victim org's trail.

/** A tRPC mutation over the real route handler, with a raw (already superjson-encoded) body. */
async function post(path: string, body: unknown, sessionId: string | null) {
  const headers = new Headers({ "content-type": "application/json" });
  if (sessionId) headers.set("cookie", await sessionCookie(sessionId));
  const res = await POST(new Request(`http://localhost/api/trpc/${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }));
  const json = (await res.json()) as { error?: { json: { message: string; data: { code: string } } } };
  return { status: res.status, message: json.error?.json.message ?? null };
}

const roleOf = async (orgId: string, userId: string) =>
  (await db.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId, userId } } })).role;

describe("audit rows share the mutation's transaction", () => {
  afterEach(async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS audit_refuses ON "AuditLog"`);
  });

  it("rolls the change back when its audit row cannot be written", async () => {
    const fx = await orgWithRoles();
    // A real database refusal (not a stand-in): a trigger that rejects this one audit row.
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION audit_refuses_fn() RETURNS trigger AS $$
      BEGIN IF NEW."action" = 'members.setRole' AND NEW."targetId" = '${fx.people.target.user.id}' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER audit_refuses BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION audit_refuses_fn()`);
    const owner = await callerAs(await fx.people.owner.principal());

    const error = await owner.members.setRole({ orgId: fx.org.id, userId: fx.people.target.user.id, role: "admin" }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("The change could not be recorded, so it was not made.");
    expect(await roleOf(fx.org.id, fx.people.target.user.id)).toBe("viewer");
  });

  it("a failed mutation changes nothing and leaves a failure row", async () => {
    const fx = await orgWithRoles();
    const owner = await callerAs(await fx.people.owner.principal());
    expect(await outcome(() => owner.members.setRole({ orgId: fx.org.id, userId: "nobody", role: "admin" }))).toBe("NOT_FOUND");
    const rows = await db.auditLog.findMany({ where: { orgId: fx.org.id, action: "members.setRole" } });
    expect(rows.map((r) => r.outcome)).toEqual(["failure"]);
  });
});

describe("hostile input over HTTP", () => {
  it("refuses superjson metadata that invents a field, and nothing changes", async () => {
    const fx = await orgWithRoles();
    const input = { orgId: fx.org.id, userId: fx.people.target.user.id, role: "admin" };
    const auditBefore = await db.auditLog.count({ where: { orgId: fx.org.id } });
    const cases = [
      { json: input, meta: { values: { sneaky: ["Date"] } } },
      { json: { ...input, sneaky: "not a date" }, meta: { values: { sneaky: ["Date"] } } },
      { json: { ...input, sneaky: 1 } },
      { json: input, meta: { values: { orgId: ["custom", "Evil"] } } },
      { json: { ...input, userId: "abc\u0000def" } },
      { json: { ...input, userId: "\ud800" } },
    ];
    for (const body of cases) {
      const res = await post("members.setRole", body, fx.people.owner.sessionId);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.message).toMatch(/^[A-Z].*\.$/);
    }
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`; // too deep for JSON.stringify itself
    const nested = await post("members.setRole", `{"json":{"orgId":"${fx.org.id}","userId":"x","role":${deep}}}`, fx.people.owner.sessionId);
    expect(nested).toEqual({ status: 400, message: "The input is nested too deeply (at most 32 levels)." });
    expect(await post("members.setRole", "{not json", fx.people.owner.sessionId)).toEqual({ status: 400, message: "The request body is not valid JSON." });

    expect(await roleOf(fx.org.id, fx.people.target.user.id)).toBe("viewer");
    expect(await db.auditLog.count({ where: { orgId: fx.org.id } })).toBe(auditBefore);

    // The same call, well formed, goes through and is audited once.
    const ok = await post("members.setRole", superjson.serialize(input), fx.people.owner.sessionId);
    expect(ok.status).toBe(200);
    expect(await roleOf(fx.org.id, fx.people.target.user.id)).toBe("admin");
    expect(await db.auditLog.count({ where: { orgId: fx.org.id, action: "members.setRole", outcome: "success" } })).toBe(1);
  });

  it("an outsider's refused call with 1 MB of junk writes nothing into the victim org, and its own row is bounded", async () => {
    const fx = await orgWithRoles();
    const outsider = await callerAs(await fx.people.outsider.principal());
    const junk = "x".repeat(1_000_000);
    const code = await outcome(() => outsider.members.invite({ orgId: fx.org.id, email: `${junk}@example.test`, role: "viewer" }));
    expect(["NOT_FOUND", "BAD_REQUEST"]).toContain(code);
    expect(await db.auditLog.count({ where: { orgId: fx.org.id } })).toBe(0);
    const own = await db.auditLog.findFirstOrThrow({ where: { actorId: fx.people.outsider.user.id, action: "members.invite" } });
    expect(own.orgId).toBeNull();
    expect(JSON.stringify(own.detail).length).toBeLessThanOrEqual(4_500);
  });
});

describe("rate limits survive the rollback of a failed mutation", () => {
  it("counts wrong invite tokens although each failed call is rolled back", async () => {
    const anon = await callerAs(null, "10.9.8.7");
    const attempt = () => anon.invites.accept({ token: "x".repeat(40), name: "Mallory", password: "wrong but long password" });
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) codes.push(await outcome(attempt));
    expect(codes.slice(0, 10).every((c) => c !== "TOO_MANY_REQUESTS")).toBe(true);
    expect(codes[10]).toBe("TOO_MANY_REQUESTS");
    expect(await db.auditLog.count({ where: { action: "invites.accept", ip: "10.9.8.7", outcome: "failure" } })).toBe(11);
  });
});

describe("a batch with one hostile call", () => {
  it("refuses the batch; the hostile call gets the sentence, the others say why they did not run", async () => {
    const fx = await orgWithRoles();
    const headers = new Headers({ "content-type": "application/json", cookie: await sessionCookie(fx.people.owner.sessionId) });
    const body = JSON.stringify({ 0: { json: { orgId: fx.org.id } }, 1: { json: { orgId: fx.org.id, sneaky: 1 } } });
    const res = await POST(new Request("http://localhost/api/trpc/members.list,members.invites?batch=1", { method: "POST", headers, body }));
    expect(res.status).toBe(400);
    const items = (await res.json()) as { error: { json: { message: string } } }[];
    expect(items.map((i) => i.error.json.message)).toEqual(["Not run: another call in the same request was refused.", 'Unknown field: "sneaky".']);
  });
});
