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
  });
}

export { handler as GET, handler as POST };
