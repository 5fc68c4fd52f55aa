import "server-only";
import { rateLimit } from "@/server/auth";
import { env } from "@/server/env";
import { createFirstOwner, SetupInput } from "@/server/orgs";
import { needsSetup } from "@/server/auth";
import { publicProcedure, router } from "../trpc";

export const setupRouter = router({
  status: publicProcedure.query(async () => ({ needsSetup: await needsSetup() })),
  createOwner: publicProcedure.input(SetupInput).mutation(async ({ ctx, input }) => {
    await rateLimit(`setup:ip:${ctx.ip ?? "unknown"}`, env.AIOS_AUTH_RATE_LIMIT, 300);
    const result = await createFirstOwner(input);
    Object.assign(ctx.audit, {
      orgId: result.orgId,
      actor: { id: result.userId, email: input.email },
      targetType: "user",
      targetId: result.userId,
    });
    return result;
  }),
});
