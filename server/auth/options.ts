import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { z } from "zod";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { authSecret, env, oauth } from "@/server/env";
import { AppError } from "@/server/errors";
import { revokeUserConnections } from "@/server/events";
import { verifyPassword } from "./password";
import { rateLimit } from "./rate-limit";

const Credentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(1024) });
const WINDOW_SECONDS = 5 * 60;

type SignedInUser = User & { ip?: string | null };

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const v = headers?.["x-aios-client-ip"];
  return typeof v === "string" ? v : null;
}

async function authorizeCredentials(raw: unknown, headers: Record<string, unknown> | undefined): Promise<SignedInUser | null> {
  const ip = clientIp(headers);
  const parsed = Credentials.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  try {
    await rateLimit(`sign-in:ip:${ip ?? "unknown"}`, env.AIOS_AUTH_RATE_LIMIT * 3, WINDOW_SECONDS);
    await rateLimit(`sign-in:email:${email}`, env.AIOS_AUTH_RATE_LIMIT, WINDOW_SECONDS);
  } catch (err) {
    await writeAudit({ actorEmail: email, action: "auth.sign_in", outcome: "denied", ip, detail: { reason: "rate_limited" } });
    // NextAuth passes an Error's message to the sign-in page as `error`.
    throw new Error(err instanceof AppError ? err.message : "Sign-in is unavailable right now.");
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || user.disabledAt) {
    const reason = !user ? "unknown_email" : user.disabledAt && ok ? "disabled" : "bad_password";
    await writeAudit({ actorId: user?.id, actorEmail: email, action: "auth.sign_in", outcome: "failure", ip, detail: { reason } });
    if (user?.disabledAt && ok) throw new Error("This account is disabled. Ask an administrator.");
    return null;
  }
  return { id: user.id, email: user.email, name: user.name, ip };
}

async function startSession(user: SignedInUser, method: string): Promise<string> {
  const session = await db.authSession.create({
    data: {
      userId: user.id,
      expiresAt: new Date(Date.now() + env.AIOS_SESSION_MAX_AGE_HOURS * 3600_000),
      ip: user.ip ?? null,
    },
  });
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await writeAudit({ actorId: user.id, actorEmail: user.email, action: "auth.sign_in", outcome: "success", ip: user.ip, detail: { method } });
  return session.id;
}

/** OAuth sign-in is for people who already have an account (set up or invited) with that email. */
async function linkOAuthAccount(user: User, provider: string, providerAccountId: string): Promise<boolean | string> {
  const email = user.email?.toLowerCase();
  const existing = email ? await db.user.findUnique({ where: { email } }) : null;
  if (!existing || existing.disabledAt) {
    await writeAudit({ actorEmail: email, action: "auth.sign_in", outcome: "failure", detail: { method: provider, reason: "no_account" } });
    return "/sign-in?error=NoAccount";
  }
  await db.account.upsert({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    create: { userId: existing.id, provider, providerAccountId },
    update: {},
  });
  user.id = existing.id;
  return true;
}

export function authOptions(): NextAuthOptions {
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials, req) => authorizeCredentials(credentials, req?.headers as Record<string, unknown>),
    }),
  ];
  if (oauth.github) providers.push(GitHubProvider(oauth.github));
  if (oauth.google) providers.push(GoogleProvider(oauth.google));

  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: env.AIOS_SESSION_MAX_AGE_HOURS * 3600 },
    // Served over HTTPS (directly or behind a TLS proxy): Secure cookies with NextAuth's __Secure-/__Host-
    // names. Not derived per request: a forged X-Forwarded-Proto must not change the cookie names.
    useSecureCookies: env.publicUrl.startsWith("https:"),
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    logger: {
      error: (code) => console.error(`[auth] ${code}`),
      warn: () => {},
      debug: () => {},
    },
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        return linkOAuthAccount(user, account.provider, account.providerAccountId);
      },
      async jwt({ token, user, account }) {
        // `user` is present only at sign-in: that is when the server-side session is created.
        if (user) {
          token.sid = await startSession(user as SignedInUser, account?.provider ?? "credentials");
          token.uid = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.uid } };
      },
    },
    events: {
      async signOut({ token }) {
        const sid = typeof token?.sid === "string" ? token.sid : null;
        if (!sid) return;
        const s = await db.authSession.update({ where: { id: sid }, data: { revokedAt: new Date() } }).catch(() => null);
        if (s) {
          await writeAudit({ actorId: s.userId, action: "auth.sign_out", outcome: "success" });
          await revokeUserConnections(s.userId);
        }
      },
    },
  };
}
