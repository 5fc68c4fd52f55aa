import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBoss, stopQueue } from "@/server/queue";
import { orgWithRoles } from "./fixtures";

// Started up front, as server.ts does at boot.
beforeAll(() => getBoss());
afterAll(() => stopQueue());

describe("enqueue inside a transaction", () => {
  it("commits the job with the state, and drops it with a rollback, without waiting on itself", async () => {
    const { db } = await import("@/server/db");
    const { enqueue } = await import("@/server/queue");
    const fx = await orgWithRoles();
    const payload = (message: string) => ({ orgId: fx.org.id, message, enqueuedAt: new Date().toISOString() });
    const kept = await db.$transaction(async (tx) => {
      await tx.project.update({ where: { id: fx.project.id }, data: { status: "planning" } });
      return enqueue("diagnostics.ping", payload("kept"), { tx });
    });
    let dropped = "";
    await expect(
      db.$transaction(async (tx) => {
        dropped = await enqueue("diagnostics.ping", payload("dropped"), { tx });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    // Had the enqueue waited on PGlite's one connection, the transaction would have expired and rolled back.
    expect((await db.project.findUniqueOrThrow({ where: { id: fx.project.id } })).status).toBe("planning");
    const boss = await getBoss();
    expect(await boss.getJobById("diagnostics.ping", kept)).not.toBeNull();
    expect(await boss.getJobById("diagnostics.ping", dropped)).toBeNull();
  });
});
