import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, signInWithPassword } from "@/server/auth";
import { startSession } from "@/server/auth/sessions";
import { db } from "@/server/db";
import { env } from "@/server/env";

// Sign-in through the real service (the one NextAuth's credentials provider calls) against the real
// database: an attacker hammering an email from one address is locked out with a growing wait, while
// the owner still signs in from a known source (or any other address).

const T = env.AIOS_AUTH_RATE_LIMIT;
const PASSWORD = "the owner's long password";
let hash: Promise<string> | null = null;
const ip = () => `10.${randomBytes(3).join(".")}`;

async function account() {
  const email = `owner-${randomBytes(4).toString("hex")}@example.test`;
  const user = await db.user.create({ data: { email, name: "Owner", passwordHash: await (hash ??= hashPassword(PASSWORD)) } });
  return { user, email };
}

type Try = { ip: string; deviceCookie?: string | null };
const attempt = (email: string, password: string, from: Try) =>
  signInWithPassword({ credentials: { email, password }, ip: from.ip, userAgent: "test", deviceCookie: from.deviceCookie ?? null });

/** "ok", "wrong" or the refusal's sentence. */
async function outcomeOf(email: string, password: string, from: Try): Promise<string> {
  try {
    return (await attempt(email, password, from)) ? "ok" : "wrong";
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
}

/** Signs in the way NextAuth does: the service, then the server-side session (which records the IP). */
async function signIn(email: string, from: Try) {
  const result = await attempt(email, PASSWORD, from);
  if (!result) throw new Error("sign-in failed");
  await startSession({ ...result.user, ip: from.ip, userAgent: "test" }, "credentials");
  return result;
}

/** The device id inside a device cookie's first entry (`userId.issuedAt.mac`). */
const deviceId = (cookie: string) => cookie.split("~")[0]!.split(".").slice(0, 2).join(".");

/** Pretends the last attempt of a counter happened `seconds` earlier (waiting out a back-off). */
async function age(key: string, seconds: number) {
  const row = await db.rateLimit.findUniqueOrThrow({ where: { key } });
  await db.rateLimit.update({ where: { key }, data: { windowStart: new Date(row.windowStart.getTime() - seconds * 1000) } });
}

describe("sign-in throttling", () => {
  it("locks the attacker's address out of an email while the owner still signs in", async () => {
    const { email } = await account();
    const home = ip();
    const { deviceCookie } = await signIn(email, { ip: home });

    const attacker = ip();
    for (let i = 0; i < T; i++) expect(await outcomeOf(email, "guess " + i, { ip: attacker })).toBe("wrong");
    // Even the right password is refused from there now: the attacker learns nothing more.
    expect(await outcomeOf(email, PASSWORD, { ip: attacker })).toBe(
      "TOO_MANY_REQUESTS: Too many failed sign-ins for this account from your network. Try again in 30 seconds.",
    );

    expect(await outcomeOf(email, PASSWORD, { ip: home })).toBe("ok"); // known by its address
    expect(await outcomeOf(email, PASSWORD, { ip: ip(), deviceCookie })).toBe("ok"); // known by its device cookie
    expect(await outcomeOf(email, PASSWORD, { ip: ip() })).toBe("ok"); // any other address is untouched too
    // A browser with the device cookie is its own source, even on the attacker's network.
    expect(await outcomeOf(email, PASSWORD, { ip: attacker, deviceCookie })).toBe("ok");

    const denied = await db.auditLog.findMany({ where: { actorEmail: email, action: "auth.sign_in", outcome: "denied" } });
    expect(denied.length).toBe(1);
    expect(JSON.stringify(denied)).not.toContain(PASSWORD);
  });

  it("doubles the wait with each further failure, and a success clears it", async () => {
    const { email } = await account();
    const from = { ip: ip() };
    const key = `sign-in:pair:${email}|${from.ip}`;
    for (let i = 0; i < T; i++) await attempt(email, "wrong password", from);
    const waits: string[] = [];
    for (const seconds of [30, 60, 120]) {
      expect(await outcomeOf(email, "wrong password", from)).toMatch(/Try again in/);
      waits.push((await outcomeOf(email, "wrong password", from)).replace(/.*Try again in /, ""));
      await age(key, seconds); // the lock has run out: one more guess is admitted
      expect(await outcomeOf(email, "wrong password", from)).toBe("wrong");
    }
    expect(waits).toEqual(["30 seconds.", "1 minute.", "2 minutes."]);
    expect(await outcomeOf(email, PASSWORD, from)).toMatch(/Try again in 4 minutes/);
    await age(key, 240);
    expect(await outcomeOf(email, PASSWORD, from)).toBe("ok");
    expect(await db.rateLimit.findUnique({ where: { key } })).toBeNull();
  });

  it("limits one address spraying a password over many emails", async () => {
    const sprayer = ip();
    for (let i = 0; i < T * 3; i++) {
      expect(await outcomeOf(`nobody-${i}-${randomBytes(3).toString("hex")}@example.test`, "Summer2026!", { ip: sprayer })).toBe("wrong");
    }
    expect(await outcomeOf(`next-${randomBytes(3).toString("hex")}@example.test`, "Summer2026!", { ip: sprayer })).toBe(
      "TOO_MANY_REQUESTS: Too many failed sign-ins from your network. Try again in 15 minutes.",
    );
    // An account that signed in from that network before is not held by its neighbour.
    const { email } = await account();
    await db.authSession.create({ data: { userId: (await db.user.findUniqueOrThrow({ where: { email } })).id, ip: sprayer, expiresAt: new Date(Date.now() + 3600_000) } });
    expect(await outcomeOf(email, PASSWORD, { ip: sprayer })).toBe("ok");
  });

  it("above the per-email ceiling refuses new sources (and forged device cookies) but only slows a known one", async () => {
    const { email } = await account();
    const { deviceCookie } = await signIn(email, { ip: ip() });
    // A distributed attack: many addresses, each under its own limits.
    for (let a = 0; a < 10; a++) {
      const from = { ip: ip() };
      for (let i = 0; i < T; i++) await attempt(email, "wrong password", from);
    }
    expect(await outcomeOf(email, PASSWORD, { ip: ip() })).toMatch(
      /^TOO_MANY_REQUESTS: This account is receiving too many failed sign-ins. Try again in \d+ minutes, or from a device that signed in to it before\.$/,
    );
    // Only a real device cookie of this account counts: not a forged one, nor one issued to another account.
    const other = await account();
    const { deviceCookie: othersCookie } = await signIn(other.email, { ip: ip() });
    const forged = `${(await db.user.findUniqueOrThrow({ where: { email } })).id}.${Math.floor(Date.now() / 1000)}.${"A".repeat(43)}`;
    for (const cookie of [othersCookie, forged, "garbage~.."]) {
      expect(await outcomeOf(email, PASSWORD, { ip: ip(), deviceCookie: cookie })).toMatch(/receiving too many failed sign-ins/);
    }
    const laptop = { ip: ip(), deviceCookie };
    expect(await outcomeOf(email, "a typo", laptop)).toBe("wrong");
    expect(await outcomeOf(email, PASSWORD, laptop)).toMatch(/attempts are slowed down. Try again in \d+ seconds/);
    await age(`sign-in:pair:${email}|device:${deviceId(deviceCookie)}`, 10);
    expect(await outcomeOf(email, PASSWORD, laptop)).toBe("ok");
  });

  it("tells a disabled account so, with a sentence", async () => {
    const { user, email } = await account();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await outcomeOf(email, PASSWORD, { ip: ip() })).toBe("FORBIDDEN: This account is disabled. Ask an administrator.");
    expect(await outcomeOf(email, "wrong password", { ip: ip() })).toBe("wrong");
  });
});
