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

// Status reasons are written by the server with role ids ("Waiting for backend to fix it"); people read
// the role's name ("Waiting for Backend engineer to fix it").
const ROLE_AFTER = /^(Waiting for|Returned by|Asked|Handed to) ([a-z][a-z0-9-]*)\b/;

export function readableReason(reason: string): string {
  return reason.replace(ROLE_AFTER, (_, lead: string, role: string) => `${lead} ${roleLabel(role)}`);
}
