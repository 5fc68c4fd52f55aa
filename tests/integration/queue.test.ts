import { afterAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/events";
import { installEventSink } from "@/server/events";
import { stopQueue } from "@/server/queue";
import { startJobWorkers } from "@/server/worker";
import { callerAs, orgWithRoles } from "./fixtures";

afterAll(() => stopQueue());

describe("queue", () => {
  it("carries a job from a procedure through a worker to a published event", async () => {
    const fx = await orgWithRoles();
    const received: LiveEvent[] = [];
    let resolve!: () => void;
    const arrived = new Promise<void>((r) => (resolve = r));
    installEventSink({
      event: (e) => {
        received.push(e);
        if (e.type === "diagnostics.pong") resolve();
      },
      revokeUser: () => {},
    });
    try {
      await startJobWorkers();
      const admin = await callerAs(await fx.people.admin.principal());
      const { jobId } = await admin.diagnostics.ping({ orgId: fx.org.id, message: "round trip" });
      await arrived;
      expect(received[0]).toMatchObject({
        stream: `org:${fx.org.id}`,
        type: "diagnostics.pong",
        payload: { message: "round trip", jobId },
      });
      const health = await admin.diagnostics.health({ orgId: fx.org.id });
      expect(health).toMatchObject({ ok: true, queue: { ok: true }, migrations: { current: true, pending: [] } });
    } finally {
      installEventSink(null);
    }
  });
});
