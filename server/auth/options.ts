import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { authSecret, env, oauth } from "@/server/env";
import { AppError } from "@/server/errors";
import { revokeUserConnections } from "@/server/events";
import { logger } from "@/server/observability/logger";
import { signInWithPassword } from "./credentials";
import { DEVICE_COOKIE, rememberDevice } from "./known-source";
import { startSession, type SessionOwner } from "./sessions";
import { cookieFromHeader } from "./principal";

type SignedInUser = User & SessionOwner;

const header = (headers: Record<string, unknown> | undefined, name: string) => {
  const v = headers?.[name];
  return typeof v === "string" ? v : null;
};

async function authorizeCredentials(raw: unknown, headers: Record<string, unknown> | undefined): Promise<SignedInUser | null> {
  const ip = header(headers, "x-aios-client-ip");
  const userAgent = header(headers, "user-agent")?.slice(0, 400) ?? null;
  try {
    const deviceCookie = cookieFromHeader(header(headers, "cookie"), DEVICE_COOKIE);
    const result = await signInWithPassword({ credentials: raw, ip, userAgent, deviceCookie });
    if (!result) return null;
    await rememberDevice(result.deviceCookie);
    return { ...result.user, ip, userAgent };
  } catch (err) {
    if (!(err instanceof AppError)) logger.error({ err }, "sign-in failed");
    // NextAuth passes an Error's message to the sign-in page as `error`.
    throw new Error(err instanceof AppError ? err.message : "Sign-in is unavailable right now.");
  }
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
