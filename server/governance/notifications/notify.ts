import "server-only";
import type { LiveEvent } from "@/lib/events";
import type { Permission } from "@/lib/rbac";
import type { Tx } from "@/server/db";
// Not the events index: withEvents calls into notifications (from-event.ts), so this stays a leaf import.
import { recordEvent } from "@/server/events/record";
import type { Emit } from "@/server/events/with-events";

export type NewNotification = {
  orgId: string;
  /** One person; or, with `permission`, everyone in the org holding it (resolved when read). */
  userId?: string | null;
  permission?: Permission | null;
  kind: string;
  severity?: "info" | "warning" | "critical";
  title: string;
  body: string;
  link?: string | null;
  /** The project it is about: deleted with the project. */
  projectId?: string | null;
  /** "Once per …": a second notification with the same key is silently not created. */
  dedupeKey?: string | null;
};

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Creates a notification inside the caller's transaction, unless one with its dedupeKey exists
 * (ON CONFLICT DO NOTHING: two settlements racing past a threshold create it once, and neither
 * aborts its transaction). Returns the new id, or null when it already existed. The org event goes
 * out after commit through `emit`; without one it is recorded and returned in `events` for the
 * caller to publish after its commit.
 */
export async function notify(tx: Tx, n: NewNotification, emit?: Emit, events?: LiveEvent[]): Promise<string | null> {
  const [created] = await tx.notification.createManyAndReturn({
    data: [
      {
        orgId: n.orgId,
        userId: n.userId ?? null,
        permission: n.permission ?? null,
        kind: n.kind,
        severity: n.severity ?? "info",
        title: clip(n.title, 200),
        body: clip(n.body, 2000),
        link: n.link ?? null,
        projectId: n.projectId ?? null,
        dedupeKey: n.dedupeKey ?? null,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  if (!created) return null;
  const event = { orgId: n.orgId, type: "notification.created" as const, payload: { notificationId: created.id, kind: n.kind } };
  if (emit) await emit(event);
  else events?.push(await recordEvent(tx, event));
  return created.id;
}
