// 1. What a bearer API key costs per request against a session cookie: both resolved into a
// principal by the function the HTTP layer calls for every request (tRPC context, route handlers,
// the Socket.IO handshake). "cached" reuses one key (its lookup is in the process cache after the
// first request); "uncached" clears the key cache before each request, so every lookup reads the
// database (HMAC, row, creator's memberships).
import { encode } from "next-auth/jwt";
import { principalFromCookieHeader } from "@/server/auth";
import { db } from "@/server/db";
import { authSecret } from "@/server/env";
import { interleaved, row, type LoopOptions, type Row } from "./measure";

export type AuthFixture = { userId: string; orgId: string; cookie: string };

export async function authFixture(tag: string): Promise<AuthFixture> {
  const user = await db.user.create({ data: { email: `bench-auth-${tag}@example.test`, name: `Bench auth ${tag}` } });
  const org = await db.org.create({ data: { name: `Bench auth ${tag}`, slug: `bench-auth-${tag}` } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
  const session = await db.authSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
  const token = await encode({ token: { sid: session.id }, secret: authSecret() });
  return { userId: user.id, orgId: org.id, cookie: `next-auth.session-token=${token}` };
}

export async function measureAuth(f: AuthFixture, loop: LoopOptions): Promise<Row[]> {
  const must = <T>(p: T | null): T => {
    if (!p) throw new Error("bench: a principal did not resolve");
    return p;
  };
  const samples = await interleaved(
    {
      session: async () => must(await principalFromCookieHeader(f.cookie)),
    },
    loop,
  );
  return [row("auth", "auth_session", "session cookie (JWT decode + session row)", samples.session!)];
}
