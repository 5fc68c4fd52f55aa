import NextAuth from "next-auth";
import { authOptions } from "@/server/auth";
import { logger } from "@/server/observability/logger";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };
const problem = (status: number, error: string) => Response.json({ error }, { status });

/**
 * NextAuth, behind the checks it does not make itself: its forms post URL-encoded bodies (anything else
 * would reach its parser and end in a 500), and the credentials callback is only ever posted to.
 */
async function handler(req: Request, ctx: Ctx) {
  const action = (await ctx.params).nextauth.join("/");
  if (req.method === "POST" && !req.headers.get("content-type")?.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return problem(415, "Sign-in requests are sent as a form (application/x-www-form-urlencoded).");
  }
  if (req.method === "GET" && action === "callback/credentials") return problem(405, "Sign in with the sign-in form.");
  try {
    return await NextAuth(authOptions())(req, ctx);
  } catch (err) {
    logger.warn({ err, action }, "sign-in request refused");
    return problem(400, "The sign-in request is malformed.");
  }
}

export { handler as GET, handler as POST };
