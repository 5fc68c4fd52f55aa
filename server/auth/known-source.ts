import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { db } from "@/server/db";
import { authSecret, env } from "@/server/env";
import { logger } from "@/server/observability/logger";

// A "known source" is a browser or network this account signed in from successfully before: it is
// never locked out by failures elsewhere (see sign-in-policy.ts). Two proofs, either is enough:
// - a device cookie (OWASP's "device cookies"): signed entries `userId.issuedAt.mac`, set after a
//   successful sign-in, so a laptop that changes networks stays known;
// - the IP of a recent successful sign-in (AuthSession.ip), for browsers without the cookie.

export const DEVICE_COOKIE = "aios-device";
const DEVICE_DAYS = 90;
const KNOWN_IP_DAYS = 30;
const MAX_ENTRIES = 5; // accounts remembered per browser

const mac = (userId: string, issuedAt: string) =>
  createHmac("sha256", authSecret()).update(`device:${userId}.${issuedAt}`).digest("base64url");

function parseEntries(value: string | null | undefined): { userId: string; issuedAt: string; mac: string }[] {
  return (value ?? "")
    .split("~")
    .map((e) => e.split("."))
    .filter((p): p is [string, string, string] => p.length === 3 && p.every((x) => /^[A-Za-z0-9_-]{1,64}$/.test(x)))
    .map(([userId, issuedAt, m]) => ({ userId, issuedAt, mac: m }));
}

function validEntry(e: { userId: string; issuedAt: string; mac: string }, now = Date.now()): boolean {
  const at = Number(e.issuedAt) * 1000;
  if (!Number.isFinite(at) || at > now + 60_000 || now - at > DEVICE_DAYS * 86400_000) return false;
  const want = Buffer.from(mac(e.userId, e.issuedAt));
  const got = Buffer.from(e.mac);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** This browser's device id for the account (its valid entry's issue time), or null. */
export function knownDevice(userId: string, cookieValue: string | null | undefined): string | null {
  const entry = parseEntries(cookieValue).find((e) => e.userId === userId && validEntry(e));
  return entry ? `${entry.userId}.${entry.issuedAt}` : null;
}

/** The cookie value after a successful sign-in: this account first, other valid entries kept. */
export function deviceCookieAfterSignIn(userId: string, cookieValue: string | null | undefined): string {
  const issuedAt = String(Math.floor(Date.now() / 1000));
  const others = parseEntries(cookieValue).filter((e) => e.userId !== userId && validEntry(e));
  return [{ userId, issuedAt, mac: mac(userId, issuedAt) }, ...others]
    .slice(0, MAX_ENTRIES)
    .map((e) => `${e.userId}.${e.issuedAt}.${e.mac}`)
    .join("~");
}

/** Sets the device cookie on the sign-in response (NextAuth's route handler runs inside Next's request scope). */
export async function rememberDevice(value: string): Promise<void> {
  try {
    (await cookies()).set(DEVICE_COOKIE, value, {
      httpOnly: true,
      sameSite: "lax",
      secure: env.publicUrl.startsWith("https://"),
      path: "/",
      maxAge: DEVICE_DAYS * 86400,
    });
  } catch (err) {
    // Outside a request (scripts, tests) there is no response to set it on; the IP still counts.
    logger.debug({ err }, "device cookie not set");
  }
}

/**
 * Whether this attempt comes from a known source, and which: a device cookie makes the browser itself
 * the source (its back-off is its own, whatever network it shares with an attacker); otherwise the IP.
 */
export async function knownSource(
  userId: string,
  ip: string | null,
  deviceCookie: string | null | undefined,
): Promise<{ known: boolean; device: string | null }> {
  const device = knownDevice(userId, deviceCookie);
  if (device) return { known: true, device };
  if (!ip || ip === "unknown") return { known: false, device: null };
  const recent = await db.authSession.findFirst({
    where: { userId, ip, createdAt: { gt: new Date(Date.now() - KNOWN_IP_DAYS * 86400_000) } },
    select: { id: true },
  });
  return { known: Boolean(recent), device: null };
}
