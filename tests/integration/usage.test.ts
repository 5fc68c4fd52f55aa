import { describe, expect, it } from "vitest";
import { db, Prisma } from "@/server/db";
import { addUsage, rebuildUsage } from "@/server/governance";
import { localDay } from "@/server/governance/usage/dates";
import { generate } from "@/server/llm";
import { callerAs, orgWithRoles, type OrgFixture } from "./fixtures";

// The cost panel's numbers against plain sums over the LlmCall rows they come from, in orgs whose
// calendar is not UTC: calls an instant apart land on different days and months.


type Seed = {
  at: string;
  /** The org-local day the call belongs to (written by hand, not computed by the code under test). */
  day: string;
  model?: string;
  role?: string | null;
  projectId?: string | null;
  taskId?: string | null;
  userId?: string | null;
  status?: string;
  cost: string;
  savings?: string;
  tokens?: [number, number, number];
};

/** Records a call the way the gateway does: the LlmCall row and its rollup in one transaction. */
async function seedCall(orgId: string, s: Seed) {
  return db.$transaction(async (tx) => {
    const row = await tx.llmCall.create({
      data: {
        orgId,
        projectId: s.projectId ?? null,
        taskId: s.taskId ?? null,
        userId: s.userId ?? null,
        agentRole: s.role ?? null,
        purpose: s.role ? "agent" : "chat",
        provider: "openai",
        model: s.model ?? "gpt-4.1-mini",
        tokensIn: s.tokens?.[0] ?? 1000,
        tokensOut: s.tokens?.[1] ?? 200,
        tokensCached: s.tokens?.[2] ?? 0,
        costUsd: s.cost,
        cacheSavingsUsd: s.savings ?? "0",
        status: s.status ?? "ok",
        createdAt: new Date(s.at),
      },
    });
    await addUsage(tx, row);
    return row;
  });
}

/** The exact sums of some calls, computed by Postgres over the LlmCall rows. */
async function sums(ids: string[]) {
  const [r] = await db.$queryRaw<Record<string, number>[]>`
    SELECT coalesce(round(sum("costUsd"), 6), 0)::float8 AS "costUsd", count(*)::float8 AS "calls",
      coalesce(sum("tokensIn"), 0)::float8 AS "tokensIn", coalesce(sum("tokensOut"), 0)::float8 AS "tokensOut",
      coalesce(sum("tokensCached"), 0)::float8 AS "tokensCached",
      count(*) FILTER (WHERE "status" <> 'ok')::float8 AS "failedCalls",
      coalesce(round(sum("costUsd") FILTER (WHERE "status" <> 'ok'), 6), 0)::float8 AS "failedCostUsd",
      coalesce(round(sum("cacheSavingsUsd"), 6), 0)::float8 AS "cacheSavingsUsd"
    FROM "LlmCall" WHERE "id" = ANY(${ids})`;
  return r!;
}

async function orgIn(timeZone: string) {
  const fx = await orgWithRoles();
  await db.org.update({ where: { id: fx.org.id }, data: { timeZone } });
  return fx;
}

const ownerCaller = async (fx: OrgFixture) => callerAs(await fx.people.owner.principal());

describe("usage rollup in America/Los_Angeles", () => {
  it("puts each call on its local day and month, and every panel number equals the sum over its calls", async () => {
    const fx = await orgIn("America/Los_Angeles");
    const other = await db.project.create({ data: { orgId: fx.org.id, name: "Other project", goal: "Something else entirely" } });
    const member = fx.people.member.user.id;
    // Pacific Standard Time is UTC-8 until 2026-03-08.
    const seeds: Seed[] = [
      { at: "2026-02-01T07:59:59Z", day: "2026-01-31", cost: "0.100001", role: "backend", projectId: fx.project.id },
      { at: "2026-02-01T08:00:00Z", day: "2026-02-01", cost: "0.200002", role: "backend", projectId: fx.project.id, userId: member },
      { at: "2026-02-15T12:00:00Z", day: "2026-02-15", cost: "0.333333", role: "qa", projectId: other.id, model: "claude-sonnet-4" },
      { at: "2026-03-01T07:59:59Z", day: "2026-02-28", cost: "1.000001", status: "error", projectId: fx.project.id, savings: "0.010000", tokens: [5000, 0, 4000] },
      { at: "2026-03-01T08:00:00Z", day: "2026-03-01", cost: "0.444444", role: "frontend", model: "claude-sonnet-4", userId: member, savings: "0.000123", tokens: [3000, 100, 2000] },
      { at: "2026-03-02T03:00:00Z", day: "2026-03-01", cost: "0.000007", status: "error" },
    ];
    const rows: (Seed & { id: string })[] = [];
    for (const s of seeds) rows.push({ ...s, id: (await seedCall(fx.org.id, s)).id });
    // The fixture's own note on local days agrees with an independent reading of the calendar.
    for (const s of seeds) expect(localDay(new Date(s.at), "America/Los_Angeles")).toBe(s.day);
    const ids = (pred: (s: (typeof rows)[number]) => boolean) => rows.filter(pred).map((r) => r.id);
    const api = await ownerCaller(fx);

    const feb = { orgId: fx.org.id, from: "2026-02-01", to: "2026-02-28" };
    const { totals } = await api.usage.overview(feb);
    expect(totals).toEqual(await sums(ids((s) => s.day >= "2026-02-01" && s.day <= "2026-02-28")));
    expect(totals.failedCostUsd).toBe(1.000001);
    expect(totals.cacheSavingsUsd).toBe(0.01);

    // Month buckets over three months, stacked by model: each bar and each segment is a sum of calls.
    const series = await api.usage.series({ orgId: fx.org.id, from: "2026-01-01", to: "2026-03-31", bucket: "month", groupBy: "model" });
    expect(series.points.map((p) => p.bucket)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    for (const p of series.points) {
      const month = p.bucket.slice(0, 7);
      expect(p.totals).toEqual(await sums(ids((s) => s.day.startsWith(month))));
      for (const k of series.keys) {
        const want = (await sums(ids((s) => s.day.startsWith(month) && (s.model ?? "gpt-4.1-mini") === k.key))).costUsd;
        expect(p.byKey[k.key] ?? 0).toBe(want);
      }
    }

    // Day buckets: the two calls a second apart around local midnight are on different days.
    const days = await api.usage.series({ orgId: fx.org.id, from: "2026-01-31", to: "2026-02-01", bucket: "day", groupBy: "project" });
    expect(days.points.map((p) => [p.bucket, p.totals.costUsd])).toEqual([
      ["2026-01-31", 0.100001],
      ["2026-02-01", 0.200002],
    ]);
    expect(days.keys.map((k) => k.label)).toEqual(["Stock prices"]);

    // Week buckets start on Monday (2026-02-23 holds the 28th; 2026-02-09 the 15th).
    const weeks = await api.usage.series({ orgId: fx.org.id, from: "2026-02-01", to: "2026-03-01", bucket: "week", groupBy: "agentRole" });
    const week = (start: string) => weeks.points.find((p) => p.bucket === start)!.totals.costUsd;
    expect(week("2026-02-23")).toBe((await sums(ids((s) => s.day >= "2026-02-23" && s.day <= "2026-03-01"))).costUsd);
    expect(week("2026-02-09")).toBe(0.333333);
    expect(weeks.keys.find((k) => k.key === "")?.label).toBe("No agent role");

    // The calls behind a number: March, claude-sonnet-4 → exactly that call.
    const behind = await api.usage.calls({ orgId: fx.org.id, from: "2026-03-01", to: "2026-03-31", model: "claude-sonnet-4" });
    expect(behind.items.map((c) => c.id)).toEqual(ids((s) => s.day.startsWith("2026-03") && s.model === "claude-sonnet-4"));
    // Failed calls without a role in February, "" meaning "none".
    const failed = await api.usage.calls({ ...feb, status: "failed", agentRole: "" });
    expect(failed.items.map((c) => c.id)).toEqual(ids((s) => s.day.startsWith("2026-02") && s.status === "error"));

    // Cursor pagination walks every call of the range once, newest first.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.usage.calls({ orgId: fx.org.id, from: "2026-01-01", to: "2026-03-31", limit: 2, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(rows.map((r) => r.id).reverse());

    // CSV of the rows behind the chart: one line per call, the exact stored cost.
    const csv = await api.usage.exportCsv({ orgId: fx.org.id, from: "2026-01-01", to: "2026-03-31", kind: "calls" });
    const lines = csv.csv.trim().split("\r\n");
    const header = lines[0]!.split(",");
    const body = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i], v])));
    expect(body.map((r) => r.id)).toEqual(rows.map((r) => r.id).reverse());
    const stored = await db.llmCall.findMany({ where: { orgId: fx.org.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(body.map((r) => [r.costUsd, r.tokensIn, r.status, r.projectId])).toEqual(
      stored.map((c) => [c.costUsd.toString(), String(c.tokensIn), c.status, c.projectId ?? ""]),
    );
    expect(csv).toMatchObject({ rows: seeds.length, truncated: false });

    // CSV of the chart's own numbers equals the series.
    const chartCsv = await api.usage.exportCsv({ orgId: fx.org.id, from: "2026-01-01", to: "2026-03-31", bucket: "month", groupBy: "model", kind: "series" });
    const chartRows = chartCsv.csv.trim().split("\r\n").slice(1).map((l) => l.split(","));
    expect(chartRows.map(([bucket, , key, cost]) => [bucket, key, Number(cost)])).toEqual(
      series.points.flatMap((p) => series.keys.filter((k) => p.byKey[k.key] !== undefined).map((k) => [p.bucket, k.key, p.byKey[k.key]])),
    );

    // A rebuild from the calls gives the same rollup.
    const before = await db.usageRollup.findMany({ where: { orgId: fx.org.id }, orderBy: [{ day: "asc" }, { model: "asc" }, { status: "asc" }, { projectId: "asc" }, { userId: "asc" }] });
    const rebuilt = await api.usage.rebuild({ orgId: fx.org.id });
    expect(rebuilt.calls).toBe(seeds.length);
    const after = await db.usageRollup.findMany({ where: { orgId: fx.org.id }, orderBy: [{ day: "asc" }, { model: "asc" }, { status: "asc" }, { projectId: "asc" }, { userId: "asc" }] });
    const strip = (r: (typeof before)[number]) => ({ ...r, id: undefined, costUsd: r.costUsd.toString(), cacheSavingsUsd: r.cacheSavingsUsd.toString() });
    expect(after.map(strip)).toEqual(before.map(strip));
  });

  it("top projects and tasks, and estimate against actual from the plan", async () => {
    const fx = await orgIn("America/Los_Angeles");
    const task = await db.task.create({
      data: { orgId: fx.org.id, projectId: fx.project.id, key: "page", title: "Build the page", role: "frontend", description: "A page", estimate: { tokens: 1000, minutes: 2 } },
    });
    await db.project.update({ where: { id: fx.project.id }, data: { plan: { tasks: [{ key: "page", costUsd: 0.5 }], totals: { tokens: 1000, costUsd: 0.5 } } } });
    const now = new Date();
    const c1 = await seedCall(fx.org.id, { at: now.toISOString(), day: "", cost: "0.300000", role: "frontend", projectId: fx.project.id, taskId: task.id });
    const c2 = await seedCall(fx.org.id, { at: now.toISOString(), day: "", cost: "0.400000", role: "frontend", projectId: fx.project.id, taskId: task.id, status: "error" });
    const c3 = await seedCall(fx.org.id, { at: now.toISOString(), day: "", cost: "0.050000", role: null, projectId: fx.project.id });
    const api = await ownerCaller(fx);
    const { today } = await api.usage.calendar({ orgId: fx.org.id });
    expect(today).toBe(localDay(now, "America/Los_Angeles"));

    const top = await api.usage.top({ orgId: fx.org.id, from: today, to: today });
    expect(top.projects).toHaveLength(1);
    expect(top.projects[0]).toMatchObject({ projectId: fx.project.id, name: "Stock prices", costUsd: 0.75, actualUsd: 0.75, failedCostUsd: 0.4, estimate: { tokens: 1000, costUsd: 0.5 } });
    expect(top.tasks).toEqual([expect.objectContaining({ taskId: task.id, title: "Build the page", costUsd: 0.7, calls: 2, estimate: expect.objectContaining({ tokens: 1000, costUsd: 0.5 }) })]);

    // The project's cost section, as a viewer (projects:read) sees it.
    const viewer = await callerAs(await fx.people.viewer.principal());
    const cost = await viewer.usage.project({ projectId: fx.project.id, from: today, to: today, bucket: "day", groupBy: "agentRole" });
    expect(cost.allTime).toEqual(await sums([c1.id, c2.id, c3.id]));
    expect(cost.tasks).toEqual([expect.objectContaining({ taskId: task.id, costUsd: 0.7, estimate: { tokens: 1000, costUsd: 0.5 } })]);
    expect(cost.outsideTasks.costUsd).toBe(0.05);
    expect(cost.byRole.map((r) => [r.key, r.costUsd])).toEqual([["frontend", 0.7], ["", 0.05]]);
    const calls = await viewer.usage.projectCalls({ projectId: fx.project.id, from: today, to: today, taskId: task.id, status: "failed" });
    expect(calls.items.map((c) => c.id)).toEqual([c2.id]);
    // A project's calls never include another project's, whatever the filter says.
    const elsewhere = await db.project.create({ data: { orgId: fx.org.id, name: "Elsewhere", goal: "Another project here" } });
    await seedCall(fx.org.id, { at: now.toISOString(), day: "", cost: "9.000000", projectId: elsewhere.id });
    const pinned = await viewer.usage.projectCalls({ projectId: fx.project.id, from: today, to: today });
    expect(pinned.items.every((c) => c.projectId === fx.project.id)).toBe(true);
  });

  it("a monthly budget's burn-down counts only this local month, and forecasts the run-out", async () => {
    const fx = await orgIn("America/Los_Angeles");
    const api = await ownerCaller(fx);
    const { today } = await api.usage.calendar({ orgId: fx.org.id });
    const monthStart = `${today.slice(0, 7)}-01`;
    const { startOfLocalDay } = await import("@/server/governance/usage/dates");
    const boundary = startOfLocalDay(monthStart, "America/Los_Angeles").getTime();
    await seedCall(fx.org.id, { at: new Date(boundary - 1000).toISOString(), day: "", cost: "5.000000", projectId: fx.project.id });
    const inMonth = await seedCall(fx.org.id, { at: new Date(boundary + 1000).toISOString(), day: "", cost: "1.250000", projectId: fx.project.id });
    const todayCall = await seedCall(fx.org.id, { at: new Date().toISOString(), day: "", cost: "2.000000", projectId: fx.project.id });
    const budget = await db.budget.create({
      data: { orgId: fx.org.id, scope: "project", scopeId: fx.project.id, metric: "usd", period: "month", limit: new Prisma.Decimal(10), held: new Prisma.Decimal("0.5") },
    });
    await db.budget.create({ data: { orgId: fx.org.id, scope: "org", scopeId: fx.org.id, metric: "requests", period: "minute", limit: new Prisma.Decimal(60) } });

    const budgets = await api.usage.budgets({ orgId: fx.org.id });
    const b = budgets.find((x) => x.id === budget.id)!;
    expect(b).toMatchObject({ scopeName: "Stock prices", chartable: true, periodStart: monthStart, held: 0.5 });
    expect(b.used).toBe((await sums([inMonth.id, todayCall.id])).costUsd);
    expect(b.series[0]!.day).toBe(monthStart);
    expect(b.series.at(-1)).toMatchObject({ day: today, cumulative: b.used });
    expect(b.forecast!.ratePerDay).toBeGreaterThan(0);
    expect(["before_reset", "after_reset"]).toContain(b.forecast!.verdict);
    expect(budgets.find((x) => x.period === "minute")).toMatchObject({ chartable: false, forecast: null });
  });
});

describe("usage rollup in Asia/Kolkata", () => {
  it("splits months at local midnight (UTC+05:30)", async () => {
    const fx = await orgIn("Asia/Kolkata");
    const jan = await seedCall(fx.org.id, { at: "2026-01-31T18:29:59.999Z", day: "2026-01-31", cost: "0.123456" });
    const feb = await seedCall(fx.org.id, { at: "2026-01-31T18:30:00Z", day: "2026-02-01", cost: "0.654321" });
    const api = await ownerCaller(fx);
    const s = await api.usage.series({ orgId: fx.org.id, from: "2026-01-01", to: "2026-02-28", bucket: "month", groupBy: "model" });
    expect(s.points.map((p) => [p.bucket, p.totals.costUsd])).toEqual([
      ["2026-01-01", (await sums([jan.id])).costUsd],
      ["2026-02-01", (await sums([feb.id])).costUsd],
    ]);
    const janCalls = await api.usage.calls({ orgId: fx.org.id, from: "2026-01-31", to: "2026-01-31" });
    expect(janCalls.items.map((c) => c.id)).toEqual([jan.id]);
  });
});

describe("usage rollup bookkeeping", () => {
  it("a rebuild picks up calls recorded before the rollup existed; coverage says so first", async () => {
    const fx = await orgIn("UTC");
    await db.llmCall.create({ data: { orgId: fx.org.id, purpose: "chat", provider: "openai", model: "old", costUsd: "0.5", status: "ok", createdAt: new Date("2025-06-01T00:00:00Z") } });
    await seedCall(fx.org.id, { at: new Date().toISOString(), day: "", cost: "0.25" });
    const api = await ownerCaller(fx);
    const range = { orgId: fx.org.id, from: "2025-01-01", to: localDay(new Date(), "UTC") };
    const before = await api.usage.overview(range);
    expect(before.coverage.complete).toBe(false);
    expect(before.totals.costUsd).toBe(0.25);
    await api.usage.rebuild({ orgId: fx.org.id });
    const after = await api.usage.overview(range);
    expect(after.coverage.complete).toBe(true);
    expect(after.totals.costUsd).toBe(0.75);
  });

  it("parallel calls on one rollup row all count (the upsert is race-free)", async () => {
    const fx = await orgIn("Europe/Berlin");
    const at = new Date().toISOString();
    await Promise.all(Array.from({ length: 20 }, () => seedCall(fx.org.id, { at, day: "", cost: "0.010001", model: "same-model" })));
    const rows = await db.usageRollup.findMany({ where: { orgId: fx.org.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ calls: 20, tokensIn: 20_000n });
    expect(rows[0]!.costUsd.toString()).toBe("0.20002");
  });

  it("a rebuild racing live calls counts each call exactly once", async () => {
    const fx = await orgIn("Asia/Kolkata");
    const at = () => new Date(Date.now() - Math.floor(Math.random() * 3) * 86_400_000).toISOString();
    const record = (i: number) => seedCall(fx.org.id, { at: at(), day: "", cost: `0.00${(i % 9) + 1}001`, model: i % 2 ? "a" : "b" });
    for (let i = 0; i < 10; i++) await record(i);
    await Promise.all([
      ...Array.from({ length: 15 }, (_, i) => record(i)),
      rebuildUsage(fx.org.id),
      ...Array.from({ length: 15 }, (_, i) => record(i + 15)),
      rebuildUsage(fx.org.id),
    ]);
    const [r] = await db.$queryRaw<{ calls: number; cost: string }[]>`
      SELECT sum("calls")::int AS calls, sum("costUsd")::text AS cost FROM "UsageRollup" WHERE "orgId" = ${fx.org.id}`;
    const [c] = await db.$queryRaw<{ calls: number; cost: string }[]>`
      SELECT count(*)::int AS calls, sum("costUsd")::text AS cost FROM "LlmCall" WHERE "orgId" = ${fx.org.id}`;
    expect(r).toEqual(c);
    expect(c!.calls).toBe(40);
  });

  it("a call through the gateway moves the rollup in the same transaction", async () => {
    const fx = await orgIn("UTC");
    const result = await generate({
      purpose: "chat",
      tier: "fast",
      system: "Answer briefly.",
      messages: [{ role: "user", content: "Hello there" }],
      scope: { orgId: fx.org.id, projectId: fx.project.id, userId: fx.people.owner.user.id },
    });
    const call = await db.llmCall.findUniqueOrThrow({ where: { id: result.llmCallId } });
    const rollup = await db.usageRollup.findFirstOrThrow({ where: { orgId: fx.org.id } });
    expect(rollup).toMatchObject({ projectId: fx.project.id, userId: fx.people.owner.user.id, model: call.model, status: call.status, calls: 1, tokensIn: BigInt(call.tokensIn) });
  });

  it("refuses a reversed or too long range with a readable message", async () => {
    const fx = await orgIn("UTC");
    const api = await ownerCaller(fx);
    await expect(api.usage.overview({ orgId: fx.org.id, from: "2026-02-01", to: "2026-01-01" })).rejects.toThrow(/start date is after the end date/);
    await expect(api.usage.overview({ orgId: fx.org.id, from: "2020-01-01", to: "2026-01-01" })).rejects.toThrow(/at most 800 days/);
    await expect(api.usage.overview({ orgId: fx.org.id, from: "2026-02-30", to: "2026-03-01" })).rejects.toThrow(/calendar date/);
  });
});
