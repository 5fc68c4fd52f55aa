import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContext } from "@/server/api";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
    maxBatchSize: env.AIOS_TRPC_MAX_BATCH,
  });
}

export { handler as GET, handler as POST };
