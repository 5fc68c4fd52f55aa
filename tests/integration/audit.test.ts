import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerAs, orgWithRoles, outcome } from "./fixtures";

describe("audit trail", () => {
  it("writes one row per mutation with actor, outcome and redacted input, and filters them", async () => {
    const fx = await orgWithRoles();
    const orgId = fx.org.id;
    const owner = await callerAs(await fx.people.owner.principal(), "127.0.0.1");
    const viewer = await callerAs(await fx.people.viewer.principal());

    await owner.members.invite({ orgId, email: "audit.me@example.test", role: "viewer" });
    expect(await outcome(() => viewer.members.invite({ orgId, email: "x@example.test", role: "viewer" }))).toBe("FORBIDDEN");
    await owner.members.setRole({ orgId, userId: fx.people.target.user.id, role: "member" });
    expect(await outcome(() => owner.members.setRole({ orgId, userId: "nobody", role: "member" }))).toBe("NOT_FOUND");

    const page = await owner.audit.list({ orgId });
    const rows = page.items.map((r) => [r.action, r.outcome, r.actor?.id]);
    expect(rows).toEqual([
      ["members.setRole", "failure", fx.people.owner.user.id],
      ["members.setRole", "success", fx.people.owner.user.id],
      ["members.invite", "denied", fx.people.viewer.user.id],
      ["members.invite", "success", fx.people.owner.user.id],
    ]);
    expect(page.items[1]).toMatchObject({ targetType: "user", targetId: fx.people.target.user.id, ip: "127.0.0.1" });

    const byViewer = await owner.audit.list({ orgId, actorId: fx.people.viewer.user.id });
    expect(byViewer.items).toHaveLength(1);
    const invites = await owner.audit.list({ orgId, action: "members.invite", limit: 1 });
    expect(invites.items.map((r) => r.outcome)).toEqual(["denied"]);
    expect(invites.nextCursor).not.toBeNull();
    const next = await owner.audit.list({ orgId, action: "members.invite", limit: 1, cursor: invites.nextCursor! });
    expect(next.items.map((r) => r.outcome)).toEqual(["success"]);
    expect(next.nextCursor).toBeNull();
    const future = await owner.audit.list({ orgId, from: new Date(Date.now() + 60_000) });
    expect(future.items).toHaveLength(0);
    expect(await owner.audit.actions({ orgId })).toEqual(["members.invite", "members.setRole"]);
  });

  it("never stores a password in the trail", async () => {
    const fx = await orgWithRoles();
    const owner = await callerAs(await fx.people.owner.principal());
    const { url } = await owner.members.invite({ orgId: fx.org.id, email: "pw@example.test", role: "viewer" });
    const anon = await callerAs(null);
    await anon.invites.accept({ token: url.split("/invite/")[1]!, name: "Pat", password: "super secret passphrase" });
    const rows = await db.auditLog.findMany({ where: { action: "invites.accept", orgId: fx.org.id } });
    expect(rows).toHaveLength(1);
    const text = JSON.stringify(rows[0]!.detail);
    expect(text).not.toContain("super secret passphrase");
    expect(text).toContain("[redacted]");
  });

  it("is only readable by roles with audit:read and only for their own org", async () => {
    const fx = await orgWithRoles();
    const member = await callerAs(await fx.people.member.principal());
    expect(await outcome(() => member.audit.list({ orgId: fx.org.id }))).toBe("FORBIDDEN");
    const outsider = await callerAs(await fx.people.outsider.principal());
    expect(await outcome(() => outsider.audit.list({ orgId: fx.org.id }))).toBe("NOT_FOUND");
  });
});
