import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/events";
import { db } from "@/server/db";
import { eventsSince, installEventSink, withEvents } from "@/server/events";
import { orgWithRoles } from "./fixtures";

describe("events", () => {
  it("numbers events per stream, publishes only after commit, and replays by seq", async () => {
    const fx = await orgWithRoles();
    const delivered: LiveEvent[] = [];
    installEventSink({ event: (e) => void delivered.push(e), revokeUser: () => {} });
    try {
      const ping = (message: string) => ({
        orgId: fx.org.id,
        type: "diagnostics.pong" as const,
        payload: { message, jobId: "j", enqueuedAt: new Date().toISOString(), handledAt: new Date().toISOString(), worker: "test" },
      });
      await withEvents(async (_tx, emit) => {
        await emit(ping("one"));
        await emit(ping("two"));
        expect(delivered).toHaveLength(0); // not before commit
      });
      expect(delivered.map((e) => [e.seq, (e.payload as { message: string }).message])).toEqual([
        [1, "one"],
        [2, "two"],
      ]);

      // A rolled-back transaction leaves no event, publishes nothing and burns no seq.
      await expect(
        withEvents(async (_tx, emit) => {
          await emit(ping("lost"));
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(delivered).toHaveLength(2);
      await withEvents((_tx, emit) => emit(ping("three")));
      expect(delivered.at(-1)?.seq).toBe(3);

      // Project events have their own stream.
      await withEvents((_tx, emit) =>
        emit({ orgId: fx.org.id, projectId: fx.project.id, type: "project.created", payload: { name: "x", by: "y" } }),
      );
      expect(delivered.at(-1)).toMatchObject({ stream: `project:${fx.project.id}`, seq: 1 });

      const missed = await eventsSince(`org:${fx.org.id}`, 1);
      expect(missed.map((e) => e.seq)).toEqual([2, 3]);
    } finally {
      installEventSink(null);
    }
  });

  it("keeps concurrent writers to one stream gap-free and unique", async () => {
    const fx = await orgWithRoles();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withEvents((_tx, emit) =>
          emit({ orgId: fx.org.id, projectId: fx.project.id, type: "project.created", payload: { name: `p${i}`, by: "t" } }),
        ),
      ),
    );
    const seqs = (await eventsSince(`project:${fx.project.id}`, 0)).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("rejects payloads that do not match the catalog", async () => {
    const fx = await orgWithRoles();
    await expect(
      withEvents((_tx, emit) => emit({ orgId: fx.org.id, type: "member.removed", payload: { userId: 1 } as never })),
    ).rejects.toThrow();
  });

  it("keeps the event log and the audit trail append-only", async () => {
    const fx = await orgWithRoles();
    const e = await withEvents((_tx, emit) =>
      emit({ orgId: fx.org.id, type: "member.removed", payload: { userId: "u", name: "n", by: "b" } }),
    );
    await expect(db.event.update({ where: { id: e.id }, data: { type: "tampered" } })).rejects.toThrow(/append-only/i);
    await expect(db.event.delete({ where: { id: e.id } })).rejects.toThrow(/append-only/i);
    const a = await db.auditLog.create({ data: { action: "test.action", outcome: "success" } });
    await expect(db.auditLog.update({ where: { id: a.id }, data: { outcome: "failure" } })).rejects.toThrow(/append-only/i);
  });
});
