import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { checkBudgetAlerts } from "@/server/governance/budgets/alerts";
import { callerAs, orgWithRoles, type OrgFixture } from "./fixtures";

// Budgets as people manage them: create / edit / delete with readable refusals, the org's time zone,
// the task multiplier; threshold alerts once per threshold and period, to the right people, audited;
// the notification inbox; a plan that does not fit its budget needs confirmation to approve.

let fx: OrgFixture;
beforeAll(async () => {
  fx = await orgWithRoles();
});

const as = async (who: "owner" | "admin" | "member" | "viewer") => callerAs(await fx.people[who].principal());
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
    return "accepted";
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
};

describe("budget management", () => {
  it("an admin creates org, project, person and key budgets; everyone can read them with spent / held / limit", async () => {
    const admin = await as("admin");
    const orgId = fx.org.id;
    await admin.budgets.create({ orgId, scope: "org", metric: "usd", period: "month", limit: 100, policy: "ask" });
    await admin.budgets.create({ orgId, scope: "project", scopeId: fx.project.id, metric: "tokens", period: "day", limit: 50_000, policy: "stop" });
    await admin.budgets.create({ orgId, scope: "user", scopeId: fx.people.member.user.id, metric: "requests", period: "minute", limit: 30, policy: "degrade" });
    await admin.budgets.create({ orgId, scope: "project", scopeId: fx.project.id, metric: "concurrent_runs", period: "total", limit: 2, policy: "ask" });
    const { budgets, timeZone } = await (await as("viewer")).budgets.list({ orgId });
    expect(timeZone).toBe("UTC");
    expect(budgets).toHaveLength(4);
    const tokens = budgets.find((b) => b.metric === "tokens")!;
    expect(tokens).toMatchObject({ scope: "project", scopeName: "Stock prices", limit: 50_000, spent: 0, held: 0, percent: 0, policy: "stop", period: "day" });
    expect(tokens.title).toBe("Project “Stock prices” budget of 50,000 tokens per day");
    expect(tokens.periodEnd).toBeInstanceOf(Date);
    expect(await refusal((await as("member")).budgets.create({ orgId, scope: "org", metric: "usd", period: "day", limit: 1, policy: "ask" }))).toMatch(/^FORBIDDEN/);
  });

  it("bad limits and combinations are refused naming the field; nothing is written", async () => {
    const admin = await as("admin");
    const orgId = fx.org.id;
    const before = await db.budget.count({ where: { orgId } });
    const cases: [Parameters<typeof admin.budgets.create>[0], RegExp][] = [
      [{ orgId, scope: "org", metric: "usd", period: "day", limit: -5, policy: "ask" }, /^BAD_REQUEST: limit: A budget limit must be more than zero/],
      [{ orgId, scope: "org", metric: "usd", period: "day", limit: 0, policy: "ask" }, /^BAD_REQUEST: limit:/],
      [{ orgId, scope: "org", metric: "usd", period: "day", limit: 1e12, policy: "ask" }, /^BAD_REQUEST: limit: .* is not a plausible limit/],
      [{ orgId, scope: "org", metric: "tokens", period: "day", limit: 10.5, policy: "ask" }, /^BAD_REQUEST: limit: Tokens are counted in whole numbers/],
      [{ orgId, scope: "org", metric: "usd", period: "minute", limit: 5, policy: "ask" }, /^BAD_REQUEST: period: Dollars take the periods/],
      [{ orgId, scope: "user", scopeId: fx.people.member.user.id, metric: "concurrent_runs", period: "total", limit: 5, policy: "ask" }, /^BAD_REQUEST: scope: Concurrent runs can be limited per/],
      [{ orgId, scope: "project", metric: "usd", period: "day", limit: 5, policy: "ask" }, /^BAD_REQUEST: scopeId: Choose the project/],
      [{ orgId, scope: "project", scopeId: "not-a-project", metric: "usd", period: "day", limit: 5, policy: "ask" }, /^BAD_REQUEST: scopeId: That project is not in this organisation/],
      [{ orgId, scope: "user", scopeId: fx.people.outsider.user.id, metric: "usd", period: "day", limit: 5, policy: "ask" }, /^BAD_REQUEST: scopeId: That person is not in this organisation/],
      [{ orgId, scope: "org", metric: "usd", period: "month", limit: 7, policy: "ask" }, /^CONFLICT: This organisation already has a budget on dollars per month/],
    ];
    for (const [input, expected] of cases) expect(await refusal(admin.budgets.create(input))).toMatch(expected);
    expect(await db.budget.count({ where: { orgId } })).toBe(before);
  });

  it("a limit below what is already spent this period needs explicit confirmation", async () => {
    const admin = await as("admin");
    const orgId = fx.org.id;
    const b = await db.budget.findFirstOrThrow({ where: { orgId, scope: "org", metric: "usd" } });
    await db.budget.update({ where: { id: b.id }, data: { spent: 40 } });
    expect(await refusal(admin.budgets.update({ orgId, budgetId: b.id, limit: 30 }))).toMatch(
      /^PRECONDITION_FAILED: limit: \$30\.00 is below the \$40\.00 already spent this period.*Confirm to save it anyway\./,
    );
    expect(Number((await db.budget.findUniqueOrThrow({ where: { id: b.id } })).limit)).toBe(100);
    await admin.budgets.update({ orgId, budgetId: b.id, limit: 30, confirmBelowSpent: true });
    expect(Number((await db.budget.findUniqueOrThrow({ where: { id: b.id } })).limit)).toBe(30);
    await admin.budgets.update({ orgId, budgetId: b.id, limit: 100, policy: "stop" });
    expect(await db.budget.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ policy: "stop" });
    await db.budget.update({ where: { id: b.id }, data: { spent: 0, alerted: 0 } });
    // Another org's budget is not found, whatever the caller's role here.
    expect(await refusal((await callerAs(await fx.people.outsider.principal())).budgets.update({ orgId: fx.other.id, budgetId: b.id, limit: 1 }))).toMatch(/^NOT_FOUND/);
  });

  it("deletes a budget", async () => {
    const admin = await as("admin");
    const created = await admin.budgets.create({ orgId: fx.org.id, scope: "org", metric: "tokens", period: "total", limit: 1000, policy: "ask" });
    await admin.budgets.delete({ orgId: fx.org.id, budgetId: created.id });
    expect(await db.budget.findUnique({ where: { id: created.id } })).toBeNull();
  });

  it("the org time zone takes IANA names only", async () => {
    const admin = await as("admin");
    expect(await refusal(admin.budgets.setTimeZone({ orgId: fx.org.id, timeZone: "Mars/Olympus" }))).toMatch(/^BAD_REQUEST: timeZone: “Mars\/Olympus” is not a time zone/);
    await admin.budgets.setTimeZone({ orgId: fx.org.id, timeZone: "Europe/Berlin" });
    expect((await db.org.findUniqueOrThrow({ where: { id: fx.org.id } })).timeZone).toBe("Europe/Berlin");
    expect(await refusal((await as("member")).budgets.setTimeZone({ orgId: fx.org.id, timeZone: "UTC" }))).toMatch(/^FORBIDDEN/);
  });

  it("the task budget multiplier is a project setting", async () => {
    const admin = await as("admin");
    expect(await refusal(admin.budgets.setTaskBudget({ orgId: fx.org.id, projectId: fx.project.id, multiplier: 0.5, policy: "ask" }))).toMatch(/^BAD_REQUEST/);
    await admin.budgets.setTaskBudget({ orgId: fx.org.id, projectId: fx.project.id, multiplier: 3, policy: "stop" });
    const rows = await admin.budgets.taskBudgets({ orgId: fx.org.id });
    expect(rows.find((r) => r.projectId === fx.project.id)).toMatchObject({ multiplier: 3, policy: "stop", custom: true });
    expect(await refusal(admin.budgets.setTaskBudget({ orgId: fx.other.id, projectId: fx.project.id, multiplier: 3, policy: "stop" }))).toMatch(/^(FORBIDDEN|NOT_FOUND)/);
  });
});

describe("threshold alerts", () => {
  async function spend(budgetId: string, spent: number) {
    await db.budget.update({ where: { id: budgetId }, data: { spent } });
    return db.$transaction((tx) => checkBudgetAlerts(tx, [budgetId]));
  }
  const keysOf = async (budgetId: string) => (await db.notification.findMany({ where: { dedupeKey: { startsWith: budgetId } }, orderBy: { createdAt: "asc" } })).map((n) => /:(\d+(?::creator)?)$/.exec(n.dedupeKey!)![1]);

  it("fire once per threshold and period, for the people who manage budgets and the project's creator, with an audit row", async () => {
    const project = await db.project.create({ data: { orgId: fx.org.id, name: "Alerted", goal: "Spend", createdById: fx.people.member.user.id } });
    const b = await db.budget.create({ data: { orgId: fx.org.id, scope: "project", scopeId: project.id, metric: "usd", period: "month", limit: 10, policy: "ask", periodStart: new Date("2026-11-01T00:00:00Z") } });
    expect(await spend(b.id, 4)).toHaveLength(0);
    const events = await spend(b.id, 5.5);
    expect(events.map((e) => e.type)).toEqual(["notification.created", "notification.created"]);
    expect(await keysOf(b.id)).toEqual(["50", "50:creator"]);
    await spend(b.id, 6);
    await spend(b.id, 7.9);
    expect(await keysOf(b.id)).toEqual(["50", "50:creator"]);
    await spend(b.id, 8.5);
    // Crossing 100 % from 85 % sends 100 only; crossing two thresholds at once sends the highest.
    await spend(b.id, 12);
    await spend(b.id, 13);
    expect(await keysOf(b.id)).toEqual(["50", "50:creator", "80", "80:creator", "100", "100:creator"]);
    const audit = await db.auditLog.findMany({ where: { orgId: fx.org.id, action: "budget.threshold", targetId: b.id } });
    expect(audit.map((a) => (a.detail as { threshold: number }).threshold).sort()).toEqual([100, 50, 80]);

    // Next period (the engine rolls periodStart and resets alerted): they fire again.
    await db.budget.update({ where: { id: b.id }, data: { periodStart: new Date("2026-12-01T00:00:00Z"), alerted: 0, spent: 0 } });
    await spend(b.id, 9);
    expect((await keysOf(b.id)).filter((k) => k === "80")).toHaveLength(2);
    const n = await db.notification.findFirstOrThrow({ where: { dedupeKey: { startsWith: `${b.id}:2026-12-01` }, permission: "budgets:manage" } });
    expect(n).toMatchObject({ kind: "budget", severity: "warning", link: "/admin/budgets", title: "80% of the Project “Alerted” budget of $10.00 per month used" });
    expect(n.body).toBe("$9.00 of $10.00 spent this period. Raise it on the Budgets page if this is expected.");
  });

  it("the inbox shows each person what is theirs; mark read and mark all read", async () => {
    const admin = await as("admin");
    const member = await as("member");
    const viewer = await as("viewer");
    const orgId = fx.org.id;
    const mine = await admin.notifications.list({ orgId });
    expect(mine.items.length).toBeGreaterThanOrEqual(4);
    // The member created the project: they see its alerts (their own copies), not the managers'.
    const theirs = await member.notifications.list({ orgId });
    expect(theirs.items.length).toBe(4);
    expect(theirs.items.every((i) => i.link?.startsWith("/projects/"))).toBe(true);
    expect((await viewer.notifications.list({ orgId })).items).toHaveLength(0);
    // Someone else's notification id is ignored.
    expect((await viewer.notifications.markRead({ orgId, ids: [theirs.items[0]!.id] })).marked).toBe(0);
    expect(await member.notifications.unreadCount({ orgId })).toBe(4);
    await member.notifications.markRead({ orgId, ids: [theirs.items[0]!.id] });
    expect(await member.notifications.unreadCount({ orgId })).toBe(3);
    expect((await member.notifications.list({ orgId, unreadOnly: true })).items).toHaveLength(3);
    expect((await member.notifications.markAllRead({ orgId })).marked).toBe(3);
    expect(await member.notifications.unreadCount({ orgId })).toBe(0);
    // Reading is per person: the admin's are still unread.
    expect(await admin.notifications.unreadCount({ orgId })).toBe(mine.unread);
    expect(await refusal((await callerAs(await fx.people.outsider.principal())).notifications.list({ orgId }))).toMatch(/^NOT_FOUND/);
  });
});

describe("approving a plan that does not fit its budget", () => {
  it("refuses without confirmation, with what is left and what the plan needs; the plan card reads the same numbers", async () => {
    const project = await db.project.create({ data: { orgId: fx.org.id, name: "Big plan", goal: "Spend a lot", plan: (await db.project.findUniqueOrThrow({ where: { id: fx.project.id } })).plan! } });
    await (await as("admin")).budgets.create({ orgId: fx.org.id, scope: "project", scopeId: project.id, metric: "tokens", period: "total", limit: 600, policy: "ask" });
    const member = await as("member");
    const fit = await member.budgets.planFit({ projectId: project.id, tokens: 1000, costUsd: 0 });
    expect(fit.fits).toBe(false);
    expect(fit.lines.find((l) => l.metric === "tokens" && l.limit === 600)).toMatchObject({ left: 600, needed: 1000, fits: false });
    expect(await refusal(member.projects.approve({ projectId: project.id }))).toMatch(
      /^PRECONDITION_FAILED: This plan does not fit the budget: the Project “Big plan” budget of 600 tokens in total has 600 tokens left, the plan needs about 1,000 tokens\. Raise the budget, or confirm/,
    );
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).status).toBe("draft");
    await member.projects.approve({ projectId: project.id, confirmOverBudget: true });
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).status).toBe("running");
    await db.project.update({ where: { id: project.id }, data: { status: "cancelled" } });
  });
});
