import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContext } from "@/server/api";
import { checkTrpcRequest } from "@/server/api/check-request";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  // Hostile input shapes are refused before superjson and zod see them (400 with a sentence).
  const checked = await checkTrpcRequest(req, appRouter._def.procedures);
  if (checked instanceof Response) return checked;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: checked,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
    maxBatchSize: env.AIOS_TRPC_MAX_BATCH,
    responseMeta: ({ errors }) => retryAfter(errors),
  });
}

/** A refusal that says when to come back (a per-minute budget) carries it as Retry-After, with its 429. */
function retryAfter(errors: { cause?: unknown }[]): { headers?: Record<string, string> } {
  const ms = Math.max(0, ...errors.map((e) => Number((e.cause as { retryAfterMs?: unknown } | undefined)?.retryAfterMs) || 0));
  return ms > 0 ? { headers: { "Retry-After": String(Math.ceil(ms / 1000)) } } : {};
}

export { handler as GET, handler as POST };
