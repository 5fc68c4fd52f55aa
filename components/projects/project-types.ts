import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;

export type ProjectDetailData = Outputs["projects"]["get"];
export type ProjectTask = ProjectDetailData["tasks"][number];
export type ProjectRun = ProjectDetailData["runs"][number];
export type ProjectQuestion = ProjectDetailData["questions"][number];
export type TaskStatus = ProjectTask["status"];
export type ProjectStatus = ProjectDetailData["status"];
