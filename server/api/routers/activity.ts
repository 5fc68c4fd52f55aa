import "server-only";
import { z } from "zod";
import { recentOrgEvents } from "@/server/events";
import { orgProcedure, router } from "../trpc";

export const activityRouter = router({
  recent: orgProcedure("org:read")
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ input }) => recentOrgEvents(input.orgId, input.limit)),
});


