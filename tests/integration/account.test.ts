import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, principalFromCookieHeader, signInWithPassword } from "@/server/auth";
import { db } from "@/server/db";
import { authSecret, env } from "@/server/env";
import { installEventSink } from "@/server/events";
import { attachRealtime, ioSink, type IoServer } from "@/server/realtime";
import { callerAs, orgWithRoles, outcome, signedInUser } from "./fixtures";

// Account safety: change password, the sessions list and its sign-out buttons, an admin's "sign out
// everywhere" for a member, and who may change a project's safety settings. Revoked sessions are
// checked the way a request checks them (the session cookie) and on a real Socket.IO server.

let http: Server;
let io: IoServer;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  io = await attachRealtime(http);
  installEventSink(ioSink(io));
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  installEventSink(null);
  await io.close();
});

const cookieFor = async (sessionId: string) => `next-auth.session-token=${await encode({ token: { sid: sessionId }, secret: authSecret() })}`;
const alive = async (sessionId: string) => (await principalFromCookieHeader(await cookieFor(sessionId))) !== null;
const newSession = (userId: string, extra: { ip?: string; userAgent?: string } = {}) =>
  db.authSession.create({ data: { userId, expiresAt: new Date(Date.now() + 3600_000), ...extra } });

/** A live socket for the session; resolves with it once connected. */
async function socketFor(sessionId: string): Promise<Socket> {
  const s = connect(url, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: { cookie: await cookieFor(sessionId), origin: env.publicUrl },
    reconnection: false,
  });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", reject);
  });
  return s;
}

const OLD = "my old long password";
const NEW = "my brand new long password";

describe("change password", () => {
  it("needs the current password, then works with the new one and signs out every other session", async () => {
    const me = await signedInUser({ passwordHash: await hashPassword(OLD) });
    const laptop = await newSession(me.user.id);
    const caller = await callerAs(await me.principal());

    await expect(caller.me.changePassword({ currentPassword: "not my password", newPassword: NEW })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Your current password is not correct.",
    });
    await expect(caller.me.changePassword({ currentPassword: OLD, newPassword: "short" })).rejects.toThrow(
      "The new password needs at least 12 characters",
    );
    await expect(caller.me.changePassword({ currentPassword: OLD, newPassword: OLD })).rejects.toThrow(/different from the current one/);
    expect(await alive(laptop.id)).toBe(true);

    expect(await caller.me.changePassword({ currentPassword: OLD, newPassword: NEW })).toEqual({ signedOut: 1 });
    expect(await alive(laptop.id)).toBe(false);
    expect(await alive(me.sessionId)).toBe(true); // the browser that changed it stays signed in

    const signIn = (password: string) =>
      signInWithPassword({ credentials: { email: me.user.email, password }, ip: "10.9.9.9", userAgent: null, deviceCookie: null });
    expect(await signIn(OLD)).toBeNull();
    expect((await signIn(NEW))?.user.id).toBe(me.user.id);
    const stored = await db.user.findUniqueOrThrow({ where: { id: me.user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);

    const audit = await db.auditLog.findMany({ where: { actorId: me.user.id, action: "me.changePassword" } });
    expect(audit.map((a) => a.outcome).sort()).toEqual(["failure", "failure", "failure", "success"]);
    expect(JSON.stringify(audit)).not.toMatch(/my old long password|my brand new long password/);
  });

  it("stops guessing the current password from a stolen session", async () => {
    const me = await signedInUser({ passwordHash: await hashPassword(OLD) });
    const caller = await callerAs(await me.principal());
    for (let i = 0; i < env.AIOS_AUTH_RATE_LIMIT; i++) {
      expect(await outcome(() => caller.me.changePassword({ currentPassword: `guess ${i}`, newPassword: NEW }))).toBe("BAD_REQUEST");
    }
    await expect(caller.me.changePassword({ currentPassword: OLD, newPassword: NEW })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes\.$/),
    });
    expect(await signInWithPassword({ credentials: { email: me.user.email, password: OLD }, ip: "10.9.9.8", userAgent: null, deviceCookie: null })).not.toBeNull();
  });

  it("explains that an account without a password has none to change", async () => {
    const me = await signedInUser();
    const caller = await callerAs(await me.principal());
    await expect(caller.me.changePassword({ currentPassword: "anything at all", newPassword: NEW })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/no password to change/),
    });
  });
});

describe("sessions", () => {
  it("lists my sessions with the current one marked, and signs one or all others out", async () => {
    const me = await signedInUser();
    const phone = await newSession(me.user.id, { ip: "10.1.2.3", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)" });
    const tablet = await newSession(me.user.id, { ip: "10.1.2.4" });
    const ended = await newSession(me.user.id);
    await db.authSession.update({ where: { id: ended.id }, data: { revokedAt: new Date() } });
    const caller = await callerAs(await me.principal());

    const list = await caller.me.sessions();
    expect(list.map((s) => s.id).sort()).toEqual([me.sessionId, phone.id, tablet.id].sort());
    expect(list.filter((s) => s.current).map((s) => s.id)).toEqual([me.sessionId]);
    expect(list.find((s) => s.id === phone.id)).toMatchObject({ ip: "10.1.2.3", userAgent: expect.stringContaining("iPhone") });
    expect(list.every((s) => s.createdAt instanceof Date && s.lastSeenAt instanceof Date)).toBe(true);

    const phoneSocket = await socketFor(phone.id);
    const dropped = new Promise<string>((r) => phoneSocket.once("disconnect", r));
    await caller.me.revokeSession({ sessionId: phone.id });
    expect(await alive(phone.id)).toBe(false);
    expect(await dropped).toBe("io server disconnect");
    await expect(socketFor(phone.id)).rejects.toThrow(/unauthorized/);

    expect(await caller.me.revokeOtherSessions()).toEqual({ signedOut: 1 });
    expect(await alive(tablet.id)).toBe(false);
    expect((await caller.me.sessions()).map((s) => s.id)).toEqual([me.sessionId]);
  });

  it("cannot sign out someone else's session", async () => {
    const me = await signedInUser();
    const other = await signedInUser();
    const caller = await callerAs(await me.principal());
    expect(await outcome(() => caller.me.revokeSession({ sessionId: other.sessionId }))).toBe("NOT_FOUND");
    expect(await alive(other.sessionId)).toBe(true);
  });
});

describe("an admin signs a member out everywhere", () => {
  it("ends every session of the member and drops their live sockets, with an audit row", async () => {
    const fx = await orgWithRoles();
    const memberId = fx.people.member.user.id;
    const second = await newSession(memberId);
    const socket = await socketFor(fx.people.member.sessionId);
    const dropped = new Promise<string>((r) => socket.once("disconnect", r));
    const admin = await callerAs(await fx.people.admin.principal());

    expect(await admin.members.signOutEverywhere({ orgId: fx.org.id, userId: memberId })).toEqual({ signedOut: 2 });
    expect(await alive(fx.people.member.sessionId)).toBe(false);
    expect(await alive(second.id)).toBe(false);
    expect(await dropped).toBe("io server disconnect");
    expect(await alive(fx.people.admin.sessionId)).toBe(true);

    const rows = await db.auditLog.findMany({ where: { orgId: fx.org.id, action: "members.signOutEverywhere" } });
    expect(rows).toMatchObject([{ actorId: fx.people.admin.user.id, targetType: "user", targetId: memberId, outcome: "success" }]);
  });

  it("is refused to members, to another org's admin, on owners for admins, and on yourself", async () => {
    const fx = await orgWithRoles();
    const orgId = fx.org.id;
    const member = await callerAs(await fx.people.member.principal());
    expect(await outcome(() => member.members.signOutEverywhere({ orgId, userId: fx.people.viewer.user.id }))).toBe("FORBIDDEN");

    const outsider = await callerAs(await fx.people.outsider.principal());
    expect(await outcome(() => outsider.members.signOutEverywhere({ orgId, userId: fx.people.member.user.id }))).toBe("NOT_FOUND");
    // Through their own org: the member is not theirs.
    const theirOrg = fx.other.id;
    expect(await outcome(() => outsider.members.signOutEverywhere({ orgId: theirOrg, userId: fx.people.member.user.id }))).toBe("NOT_FOUND");

    const admin = await callerAs(await fx.people.admin.principal());
    expect(await outcome(() => admin.members.signOutEverywhere({ orgId, userId: fx.people.owner.user.id }))).toBe("FORBIDDEN");
    await expect(admin.members.signOutEverywhere({ orgId, userId: fx.people.admin.user.id })).rejects.toThrow(/your Account page/);

    for (const who of ["member", "viewer", "owner", "admin"] as const) expect(await alive(fx.people[who].sessionId)).toBe(true);
    const denied = await db.auditLog.findMany({ where: { orgId, action: "members.signOutEverywhere", outcome: "denied" } });
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });
});

describe("project safety settings", () => {
  it("only owners and admins may change command approval and the limits", async () => {
    const fx = await orgWithRoles();
    const projectId = fx.project.id;
    const member = await callerAs(await fx.people.member.principal());
    await expect(member.projects.updateSettings({ projectId, requireCommandApproval: false })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/does not allow projects:safety/),
    });
    expect(await outcome(() => member.projects.updateSettings({ projectId, maxSteps: 500 }))).toBe("FORBIDDEN");
    expect((await member.projects.get({ projectId })).settings.requireCommandApproval).toBe(false);

    const admin = await callerAs(await fx.people.admin.principal());
    await admin.projects.updateSettings({ projectId, requireCommandApproval: true, maxSteps: 40 });
    expect((await member.projects.get({ projectId })).settings.requireCommandApproval).toBe(true);
    const owner = await callerAs(await fx.people.owner.principal());
    await owner.projects.updateSettings({ projectId, requireCommandApproval: false });
    expect((await member.projects.get({ projectId })).settings.requireCommandApproval).toBe(false);
  });
});
