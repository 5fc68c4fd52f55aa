import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { principalFromCookieHeader, rateLimit } from "@/server/auth";
import { db } from "@/server/db";
import { authSecret } from "@/server/env";
import { callerAs, orgWithRoles, outcome, signedInUser } from "./fixtures";

async function cookieFor(sessionId: string) {
  const token = await encode({ token: { sid: sessionId, uid: "x" }, secret: authSecret() });
  return `other=1; next-auth.session-token=${token}`;
}

describe("sessions", () => {
  it("resolves a principal from the session cookie, and not after sign-out, expiry or disable", async () => {
    const u = await signedInUser();
    const cookie = await cookieFor(u.sessionId);
    expect((await principalFromCookieHeader(cookie))?.userId).toBe(u.user.id);

    await db.authSession.update({ where: { id: u.sessionId }, data: { revokedAt: new Date() } });
    expect(await principalFromCookieHeader(cookie)).toBeNull();

    const v = await signedInUser();
    await db.authSession.update({ where: { id: v.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await principalFromCookieHeader(await cookieFor(v.sessionId))).toBeNull();

    const w = await signedInUser();
    await db.user.update({ where: { id: w.user.id }, data: { disabledAt: new Date() } });
    expect(await principalFromCookieHeader(await cookieFor(w.sessionId))).toBeNull();
  });

  it("ignores forged and malformed tokens", async () => {
    expect(await principalFromCookieHeader("next-auth.session-token=garbage")).toBeNull();
    const forged = await encode({ token: { sid: "anything" }, secret: "a-different-secret-of-sufficient-length" });
    expect(await principalFromCookieHeader(`next-auth.session-token=${forged}`)).toBeNull();
    expect(await principalFromCookieHeader(undefined)).toBeNull();
  });

  it("rate-limits by key with a readable wait", async () => {
    const key = `test:${Math.random()}`;
    for (let i = 0; i < 3; i++) await rateLimit(key, 3, 60);
    await expect(rateLimit(key, 3, 60)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/Try again in 1 minute/) });
    await rateLimit(`${key}:other`, 3, 60);
  });

  it("refuses a second setup", async () => {
    await orgWithRoles();
    const anon = await callerAs(null);
    expect((await anon.setup.status()).needsSetup).toBe(false);
    expect(await outcome(() => anon.setup.createOwner({ name: "Mallory", email: "m@example.test", password: "long enough password", orgName: "Takeover" }))).toBe(
      "PRECONDITION_FAILED",
    );
  });
});
