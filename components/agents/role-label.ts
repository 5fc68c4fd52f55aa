import { humanize } from "@/lib/format";

// How the default team's roles read in sentences ("Backend engineer started …"). Custom roles are
// humanized from their slug.
const ROLE_NAMES: Record<string, string> = {
  planner: "Planner",
  frontend: "Frontend engineer",
  backend: "Backend engineer",
  qa: "QA",
  devops: "DevOps engineer",
  researcher: "Researcher",
};

export function roleLabel(role: string | null | undefined): string {
  if (!role) return "An agent";
  return ROLE_NAMES[role] ?? humanize(role);
}
