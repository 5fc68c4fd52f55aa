import { roleLabel } from "@/components/agents/role-label";
import type { ProjectDetailData } from "./project-types";

export type ModelOverride = { role: string; model: string };

/** The roles a project's agents work in: its tasks' and its plan's, in the order they first appear. */
export function teamRoles(project: Pick<ProjectDetailData, "tasks" | "plan">): string[] {
  return [...new Set([...project.tasks.map((t) => t.role), ...(project.plan?.tasks.map((t) => t.role) ?? [])])];
}

/** "*" is the override for every role without one of its own. */
export const overrideRoleLabel = (role: string) => (role === "*" ? "Every role" : roleLabel(role));
