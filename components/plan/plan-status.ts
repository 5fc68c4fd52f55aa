import type { BadgeVariant } from "@/components/ui/badge";

/** How a project's status reads on a plan card. */
export function planStatusLabel(status: string, kind: "new_project" | "change_request"): { badge: string; line: string; variant: BadgeVariant } {
  if (status === "draft") return { badge: "Awaiting approval", line: "Awaiting approval", variant: "warning" };
  if (status === "cancelled") return { badge: "Cancelled", line: kind === "change_request" ? "Cancelled — nothing was added" : "Cancelled — nothing was built", variant: "muted" };
  const prefix = kind === "change_request" ? "Added to the project" : "Approved";
  const state: Record<string, [string, BadgeVariant]> = {
    planning: ["planning", "info"],
    running: ["running", "default"],
    paused: ["paused", "warning"],
    completed: ["completed", "success"],
    failed: ["failed", "destructive"],
  };
  const [word, variant] = state[status] ?? [status.replaceAll("_", " "), "outline"];
  return { badge: word.charAt(0).toUpperCase() + word.slice(1), line: `${prefix} — ${word}`, variant };
}

const ROLE_TONES = [
  "bg-indigo-500/12 text-indigo-700 dark:text-indigo-300",
  "bg-emerald-500/12 text-emerald-700 dark:text-emerald-300",
  "bg-amber-500/15 text-amber-800 dark:text-amber-300",
  "bg-rose-500/12 text-rose-700 dark:text-rose-300",
  "bg-sky-500/12 text-sky-700 dark:text-sky-300",
  "bg-violet-500/12 text-violet-700 dark:text-violet-300",
];
const FIXED: Record<string, number> = { planner: 5, frontend: 4, backend: 0, qa: 1, devops: 2, researcher: 3 };

/** A stable colour per role, so the same role looks the same on every card. */
export function roleTone(role: string): string {
  if (role in FIXED) return ROLE_TONES[FIXED[role]!]!;
  let h = 0;
  for (let i = 0; i < role.length; i++) h = (h * 31 + role.charCodeAt(i)) | 0;
  return ROLE_TONES[Math.abs(h) % ROLE_TONES.length]!;
}
