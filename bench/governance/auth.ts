// 1. What a bearer API key costs per request against a session cookie: both resolved by
// principalFromRequest(headers), the function the HTTP layer calls for every request (tRPC context,
// route handlers, the Socket.IO handshake). "cached": one key, its lookup served from the process
// cache after the first request (the per-request state check still reads the database).
// "uncached": the key cache is cleared before each request, so every lookup reads the key by hash.
import { encode } from "next-auth/jwt";
import { principalFromRequest } from "@/server/auth";
import { db } from "@/server/db";
import { authSecret } from "@/server/env";
import { apiKeyCache } from "@/server/governance/api-keys/lookup";
import { generateApiKey } from "@/server/governance/api-keys/secret";
import { interleaved, row, type LoopOptions, type Row } from "./measure";

export type AuthFixture = { userId: string; orgId: string; cookie: string; bearer: string };

export async function authFixture(tag: string): Promise<AuthFixture> {
  const user = await db.user.create({ data: { email: `bench-auth-${tag}@example.test`, name: `Bench auth ${tag}` } });
  const org = await db.org.create({ data: { name: `Bench auth ${tag}`, slug: `bench-auth-${tag}` } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
  const session = await db.authSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
  const token = await encode({ token: { sid: session.id }, secret: authSecret() });
  // Stored as the key router stores one (the benchmark's own throwaway key, in its own database).
  const key = generateApiKey();
  await db.apiKey.create({
    data: { orgId: org.id, name: "bench", secretHash: key.hash, prefix: key.prefix, scopes: ["projects:read"], createdById: user.id },
  });
  return { userId: user.id, orgId: org.id, cookie: `next-auth.session-token=${token}`, bearer: `Bearer ${key.secret}` };
}

export async function measureAuth(f: AuthFixture, loop: LoopOptions): Promise<Row[]> {
  const sessionHeaders = new Headers({ cookie: f.cookie });
  const bearerHeaders = new Headers({ authorization: f.bearer });
  const resolve = async (headers: Headers, kind: "user" | "apiKey") => {
    const p = await principalFromRequest(headers, "127.0.0.1");
    if (p?.kind !== kind) throw new Error(`bench: expected a ${kind} principal, got ${p?.kind ?? "none"}`);
  };
  const samples = await interleaved(
    {
      session: () => resolve(sessionHeaders, "user"),
      cached: () => resolve(bearerHeaders, "apiKey"),
      uncached: async () => {
        apiKeyCache().clear();
        await resolve(bearerHeaders, "apiKey");
      },
    },
    loop,
  );
  return [
    row("auth", "auth_session", "session cookie (baseline)", samples.session!),
    row("auth", "auth_bearer_cached", "bearer key, cached lookup", samples.cached!, "auth_session"),
    row("auth", "auth_bearer_uncached", "bearer key, cache cleared each request", samples.uncached!, "auth_session"),
  ];
}
