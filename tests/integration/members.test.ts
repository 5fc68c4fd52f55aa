import { describe, expect, it } from "vitest";
import { hashPassword } from "@/server/auth";
import { db } from "@/server/db";
import { callerAs, orgWithRoles, outcome, signedInUser } from "./fixtures";

const tokenOf = (url: string) => url.split("/invite/")[1]!;

describe("invites and membership", () => {
  it("invites a new person who creates an account and joins with the invited role", async () => {
    const fx = await orgWithRoles();
    const admin = await callerAs(await fx.people.admin.principal());
    const { url } = await admin.members.invite({ orgId: fx.org.id, email: "Grace@Example.test", role: "member" });
    expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);

    const pending = await admin.members.invites({ orgId: fx.org.id });
    expect(pending.map((i) => i.email)).toContain("grace@example.test");

    const anon = await callerAs(null);
    const info = await anon.invites.get({ token: tokenOf(url) });
    expect(info).toMatchObject({ orgName: fx.org.name, email: "grace@example.test", role: "member", existingUser: false });

    await anon.invites.accept({ token: tokenOf(url), name: "Grace", password: "a long enough password" });
    const members = await admin.members.list({ orgId: fx.org.id });
    expect(members.find((m) => m.email === "grace@example.test")).toMatchObject({ role: "member", status: "active" });

    // The link works once; the raw token is not stored.
    expect(await outcome(() => anon.invites.accept({ token: tokenOf(url), name: "X", password: "another long password" }))).toBe("NOT_FOUND");
    expect(await db.invite.count({ where: { tokenHash: tokenOf(url) } })).toBe(0);

    const events = await db.event.findMany({ where: { orgId: fx.org.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["member.invited", "member.joined"]);
  });

  it("lets an existing account join another org only with its own password", async () => {
    const fx = await orgWithRoles();
    const existing = await signedInUser({ email: "linus@example.test", passwordHash: await hashPassword("linus's long password") });
    const owner = await callerAs(await fx.people.owner.principal());
    const { url } = await owner.members.invite({ orgId: fx.org.id, email: existing.user.email, role: "viewer" });
    const anon = await callerAs(null);
    expect((await anon.invites.get({ token: tokenOf(url) })).existingUser).toBe(true);
    expect(await outcome(() => anon.invites.accept({ token: tokenOf(url), password: "wrong but long password" }))).toBe("UNAUTHORIZED");
    await anon.invites.accept({ token: tokenOf(url), password: "linus's long password" });
    expect((await existing.principal()).memberships.map((m) => m.orgId)).toContain(fx.org.id);
  });

  it("refuses bad invite input with a readable message", async () => {
    const fx = await orgWithRoles();
    const admin = await callerAs(await fx.people.admin.principal());
    await expect(admin.members.invite({ orgId: fx.org.id, email: "not-an-email", role: "member" })).rejects.toThrow(
      /^Enter a valid email address\./,
    );
    await expect(admin.members.invite({ orgId: fx.org.id, email: "a@b.test", role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const memberEmail = (await db.user.findUniqueOrThrow({ where: { id: fx.people.member.user.id } })).email;
    await expect(admin.members.invite({ orgId: fx.org.id, email: memberEmail, role: "viewer" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("applies a role change, a disable and a removal on the member's very next request", async () => {
    const fx = await orgWithRoles();
    const owner = await callerAs(await fx.people.owner.principal());
    const orgId = fx.org.id;
    const asMember = async () => callerAs(await fx.people.member.principal());

    expect(await outcome(async () => (await asMember()).members.invites({ orgId }))).toBe("OK");
    await owner.members.setRole({ orgId, userId: fx.people.member.user.id, role: "viewer" });
    expect(await outcome(async () => (await asMember()).projects.create({ orgId, name: "Nope", goal: "Should be refused" }))).toBe("FORBIDDEN");

    await owner.members.setStatus({ orgId, userId: fx.people.member.user.id, status: "disabled" });
    expect(await outcome(async () => (await asMember()).projects.list({ orgId }))).toBe("NOT_FOUND");
    await owner.members.setStatus({ orgId, userId: fx.people.member.user.id, status: "active" });
    expect(await outcome(async () => (await asMember()).projects.list({ orgId }))).toBe("OK");

    await owner.members.remove({ orgId, userId: fx.people.member.user.id });
    expect(await outcome(async () => (await asMember()).projects.list({ orgId }))).toBe("NOT_FOUND");
  });

  it("protects owners: admins cannot touch them, and the last owner stays", async () => {
    const fx = await orgWithRoles();
    const orgId = fx.org.id;
    const admin = await callerAs(await fx.people.admin.principal());
    expect(await outcome(() => admin.members.setRole({ orgId, userId: fx.people.owner.user.id, role: "viewer" }))).toBe("FORBIDDEN");
    expect(await outcome(() => admin.members.setRole({ orgId, userId: fx.people.member.user.id, role: "owner" }))).toBe("FORBIDDEN");
    const owner = await callerAs(await fx.people.owner.principal());
    expect(await outcome(() => owner.members.setRole({ orgId, userId: fx.people.owner.user.id, role: "admin" }))).toBe("FORBIDDEN");
    // A second owner may demote the first, but the org always keeps one active owner.
    await owner.members.setRole({ orgId, userId: fx.people.admin.user.id, role: "owner" });
    const second = await callerAs(await fx.people.admin.principal());
    await second.members.setRole({ orgId, userId: fx.people.owner.user.id, role: "admin" });
    const demoted = await callerAs(await fx.people.owner.principal());
    expect(await outcome(() => demoted.members.setRole({ orgId, userId: fx.people.admin.user.id, role: "admin" }))).toBe("FORBIDDEN");
    expect(await db.membership.count({ where: { orgId, role: "owner", status: "active" } })).toBe(1);
  });
});
