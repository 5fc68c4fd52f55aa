import "server-only";
import { z } from "zod";
import { recentOrgEvents } from "@/server/events";
import { orgProcedure, router } from "../trpc";

export const activityRouter = router({
  recent: orgProcedure("org:read")
    // people: only what the activity feed shows (decisions, finishes, questions, members), with project names.
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), people: z.boolean().optional() }))
    .query(({ input }) => recentOrgEvents(input.orgId, input.limit, { people: input.people })),
});


