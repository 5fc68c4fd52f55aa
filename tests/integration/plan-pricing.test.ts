import { beforeAll, describe, expect, it } from "vitest";
import { planRequest } from "@/server/orchestrator";
import { callerAs, orgWithRoles, type OrgFixture } from "./fixtures";

// A plan is priced with the org's catalog (Admin → Models), not the environment's price table: an
// admin who prices the offline model sees every new plan costed at that price.

let fx: OrgFixture;
beforeAll(async () => {
  fx = await orgWithRoles();
});

describe("plan pricing", () => {
  it("prices a plan at the org's catalog price for each task's tier", async () => {
    const request = "Build a web app that displays stock prices";
    const before = await planRequest({ orgId: fx.org.id, userId: fx.people.owner.user.id, request });
    expect(before.totals.costUsd).toBe(0); // the offline demo model is free until someone prices it

    const admin = await callerAs(await fx.people.owner.principal());
    const catalog = await admin.models.catalog({ orgId: fx.org.id });
    const offline = catalog.models.find((m) => m.provider === "offline")!;
    await admin.models.setPrice({ orgId: fx.org.id, entryId: offline.id, inputPerMTok: 10, outputPerMTok: 10, cachedReadPerMTok: 1, cacheWritePerMTok: 10 });

    const after = await planRequest({ orgId: fx.org.id, userId: fx.people.owner.user.id, request });
    // $10 per million tokens, input and output alike: each task costs tokens × 10 / 1e6.
    for (const task of after.tasks) expect(task.costUsd).toBeCloseTo((task.estimate.tokens * 10) / 1e6, 6);
    expect(after.totals.costUsd).toBeGreaterThan(0);

    // Another org keeps its own (free) catalog.
    const other = await planRequest({ orgId: fx.other.id, userId: fx.people.outsider.user.id, request });
    expect(other.totals.costUsd).toBe(0);
  });
});
