import "server-only";
import { z } from "zod";
import type { AiosChatMessage } from "@/lib/chat";
import { CostedPlan } from "@/lib/plan";

// Reading stored messages back. A row written by an older version (or by a bug) may hold parts this
// version cannot use; such parts are dropped here, so one bad row never breaks a conversation.

const Id = z.string().min(1).max(64);
const Part = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({
    type: z.literal("data-plan"),
    id: z.string().optional(),
    data: z.object({
      projectId: Id,
      plan: CostedPlan,
      kind: z.enum(["new_project", "change_request"]),
      changeId: Id.optional(),
    }),
  }),
  z.object({
    type: z.literal("data-question"),
    id: z.string().optional(),
    // Kinds are read loosely: the card shows any question; new kinds must not hide old ones.
    data: z.object({ projectId: Id, questionId: Id, role: z.string(), kind: z.string(), text: z.string() }),
  }),
]);
type StoredPart = AiosChatMessage["parts"][number];

const ROLES = new Set(["user", "assistant", "system"]);

/** The parts of a stored message that this version can show and reason about. */
export function usableParts(raw: unknown): StoredPart[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((p): StoredPart[] => {
    const parsed = Part.safeParse(p);
    return parsed.success ? [parsed.data as StoredPart] : [];
  });
}

/** A stored row as a chat message, or null when nothing of it is usable. */
export function usableMessage(row: { id: string; role: string; parts: unknown }): AiosChatMessage | null {
  if (!ROLES.has(row.role)) return null;
  const parts = usableParts(row.parts);
  return parts.length ? { id: row.id, role: row.role as AiosChatMessage["role"], parts } : null;
}

/** What the model reads of a message: its text, and plan cards summarised in one line. */
export function partsAsText(parts: StoredPart[], maxChars: number): string {
  const text = parts
    .map((p) => {
      if (p.type === "text") return p.text;
      if (p.type === "data-plan") {
        const what = p.data.kind === "change_request" ? "Proposed change" : "Proposed plan";
        return `[${what}: ${p.data.plan.name}, project ${p.data.projectId}]`;
      }
      return "";
    })
    .filter((t) => t.trim())
    .join("\n");
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}
