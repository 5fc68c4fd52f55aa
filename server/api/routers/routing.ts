import "server-only";
import { outcomesReport } from "@/server/llm/outcomes";
import { orgProcedure, router } from "../trpc";

/** How routing learns from this deployment's own tasks (Admin → Models, "Learning from outcomes"). */
export const routingRouter = router({
  outcomes: orgProcedure("models:read").query(({ input }) => outcomesReport(input.orgId)),
});
