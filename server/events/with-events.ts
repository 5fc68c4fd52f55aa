import "server-only";
import type { LiveEvent } from "@/lib/events";
import type { EventType } from "@/lib/events";
import { afterCommit, db, type Tx } from "@/server/db";
import { mailNotifications } from "@/server/governance/notifications/mail";
import { notifyForEvent } from "@/server/governance/notifications/from-event";
import { publish } from "./publish";
import { recordEvent, type EventInput } from "./record";

export type Emit = <T extends EventType>(input: EventInput<T>) => Promise<LiveEvent>;

/**
 * Runs `fn` in one transaction; events it emits are stored with the state they describe and
 * published only after the commit, so no client ever sees an event for a rolled-back change (inside
 * a request's transaction scope, that is the scope's commit).
 */
export async function withEvents<R>(
  fn: (tx: Tx, emit: Emit) => Promise<R>,
  /** Prisma's interactive-transaction limits (default: wait 2 s for a connection, run at most 5 s). */
  options?: { maxWait?: number; timeout?: number },
): Promise<R> {
  const recorded: LiveEvent[] = [];
  const notified: string[] = [];
  const result = await db.$transaction(async (tx) => {
    const emit: Emit = async (input) => {
      const e = await recordEvent(tx, input);
      recorded.push(e);
      const notification = await notifyForEvent(tx, e, emit);
      if (notification) notified.push(notification);
      return e;
    };
    return fn(tx, emit);
  }, options);
  await afterCommit(() => {
    // E-mail is best effort and never holds the caller: sent in the background after the commit.
    if (notified.length) void mailNotifications(notified);
    return publish(recorded);
  });
  return result;
}
