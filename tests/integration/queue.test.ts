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
    // Other suites may have left pings in a shared queue: wait for this test's own job.
    let resolve!: (e: LiveEvent) => void;
    const arrived = new Promise<LiveEvent>((r) => (resolve = r));
    let jobId = "";
    installEventSink({
      event: (e) => {
        if ((e.payload as { message?: string }).message === "round trip") resolve(e);
      },
      revokeUser: () => {},
    });
    try {
      await startJobWorkers();
      const admin = await callerAs(await fx.people.admin.principal());
      ({ jobId } = await admin.diagnostics.ping({ orgId: fx.org.id, message: "round trip" }));
      expect(await arrived).toMatchObject({
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
