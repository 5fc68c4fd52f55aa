import "server-only";
import { z } from "zod";
import { readiness, sendPing } from "@/server/diagnostics";
import { orgProcedure, router } from "../trpc";

export const diagnosticsRouter = router({
  health: orgProcedure("diagnostics:run").query(() => readiness()),
  ping: orgProcedure("diagnostics:run")
    .input(z.object({ message: z.string().trim().min(1, "Type a message to send").max(200) }))
    .mutation(({ input }) => sendPing(input.orgId, input.message)),
});
