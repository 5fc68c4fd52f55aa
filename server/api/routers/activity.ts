import "server-only";
import { z } from "zod";
import { db } from "@/server/db";
import { recentOrgEvents } from "@/server/events";
import { orgProcedure, router } from "../trpc";

export const activityRouter = router({
  recent: orgProcedure("org:read")
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ input }) => recentOrgEvents(input.orgId, input.limit)),
});

export const agentsRouter = router({
  list: orgProcedure("agents:read").query(({ input }) =>
    db.agent.findMany({
      where: { orgId: input.orgId },
      orderBy: { createdAt: "asc" },
      select: { id: true, role: true, name: true, instructions: true, tools: true, modelTier: true },
    }),
  ),
});
