// 2. What admission and settlement add to a model call. The offline model at delay 0 through the real
// gateway `generate` (admission, LlmCall row, rollup, settlement and the llm.call event), for three orgs
// interleaved call by call: no budget (the baseline: admission is one read that finds nothing), one
// budget level (org), and five levels applying at once (org, project, user, API key, and the task's
// own budget that admission creates from the task's estimate). Admission and settlement are also
// timed on their own (admit(), then settle() in a transaction as the gateway's recordCall runs it).
//
// 3. Contention: `concurrency` callers in a loop for `seconds`, every call admitted against the same
// org budget, then the same against the org with no budget.
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { admit, settle } from "@/server/governance/budgets";
import { generate, type LlmScope } from "@/server/llm";
import { interleaved, row, type LoopOptions, type Row } from "./measure";

export type CallFixture = { none: LlmScope; one: LlmScope; five: LlmScope };

// Limits no benchmark run comes near: every call is admitted, and the conditional update still runs.
const HUGE = "1000000000";

async function benchOrg(tag: string, name: string) {
  const user = await db.user.create({ data: { email: `bench-${name}-${tag}@example.test`, name: `Bench ${name}` } });
  const org = await db.org.create({ data: { name: `Bench ${name} ${tag}`, slug: `bench-${name}-${tag}` } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
  const project = await db.project.create({ data: { orgId: org.id, name: `Bench ${name}`, goal: "benchmark", status: "running" } });
  return { orgId: org.id, userId: user.id, projectId: project.id };
}

const budget = (orgId: string, scope: string, scopeId: string) =>
  db.budget.create({ data: { orgId, scope, scopeId, metric: "usd", period: "month", limit: HUGE, policy: "stop" } });

export async function callFixture(tag: string): Promise<CallFixture> {
  const none = await benchOrg(tag, "nobudget");
  const one = await benchOrg(tag, "onebudget");
  await budget(one.orgId, "org", one.orgId);
  const five = await benchOrg(tag, "fivebudgets");
  const task = await db.task.create({
    data: {
      orgId: five.orgId,
      projectId: five.projectId,
      key: "bench",
      title: "Bench task",
      role: "backend",
      description: "",
      dependsOn: [],
      status: "running",
      estimate: { tokens: 1_000_000_000, minutes: 10, costUsd: 1_000_000 },
    },
  });
  const key = await db.apiKey.create({
    data: { orgId: five.orgId, name: "bench", secretHash: randomUUID(), prefix: "aios_sk_bench…", scopes: [], createdById: five.userId },
  });
  await budget(five.orgId, "org", five.orgId);
  await budget(five.orgId, "project", five.projectId);
  await budget(five.orgId, "user", five.userId);
  await budget(five.orgId, "apiKey", key.id);
  // The task's own budget, as admission would create it from the estimate (made here so the level
  // applies whatever the estimate rules are).
  await db.budget.create({
    data: { orgId: five.orgId, scope: "task", scopeId: task.id, metric: "usd", period: "total", limit: HUGE, policy: "stop" },
  });
  return {
    none: { orgId: none.orgId, projectId: none.projectId, userId: none.userId },
    one: { orgId: one.orgId, projectId: one.projectId, userId: one.userId },
    five: { orgId: five.orgId, projectId: five.projectId, userId: five.userId, apiKeyId: key.id, taskId: task.id, agentRole: "backend" },
  };
}

/** One model step as chat makes it; the offline model answers a chat in plain text. */
export function modelCall(scope: LlmScope) {
  return generate({
    purpose: "chat",
    tier: "fast",
    system: "You are a helpful assistant.",
    messages: [{ role: "user", content: "Say hello." }],
    scope,
    maxOutputTokens: 1000,
  });
}

export async function measureAdmission(f: CallFixture, loop: LoopOptions): Promise<{ rows: Row[]; numbers: Record<string, number> }> {
  const calls = await interleaved({ none: () => modelCall(f.none), one: () => modelCall(f.one), five: () => modelCall(f.five) }, loop);

  // Admission and settlement alone, with the worst case the gateway computes for the call above.
  const worstCase = { usd: 0.002, tokens: 1020 };
  const timings: Record<string, number[]> = { admit0: [], admit1: [], admit5: [], settle1: [], settle5: [] };
  const applied: Record<number, number> = {};
  const levels = { 0: f.none, 1: f.one, 5: f.five } as const;
  const split = async (n: 0 | 1 | 5) => {
    const t0 = performance.now();
    const admission = await admit({ scope: levels[n], worstCase, holder: "bench" });
    const t1 = performance.now();
    if (n > 0) {
      await db.$transaction((tx) => settle(tx, admission, { usd: 0.001, tokens: 30, requests: 1 }));
      timings[`settle${n}`]!.push(performance.now() - t1);
    }
    timings[`admit${n}`]!.push(t1 - t0);
    applied[n] = admission.budgets.length;
  };
  await interleaved({ a0: () => split(0), a1: () => split(1), a5: () => split(5) }, { ...loop, warmup: 0, iterations: loop.warmup + loop.iterations });
  const drop = (xs: number[]) => xs.slice(loop.warmup); // the first rounds warm the JIT and the caches

  const leftover = await db.budgetHold.count({ where: { orgId: { in: [f.one.orgId, f.five.orgId] } } });
  return {
    rows: [
      row("admission", "call_no_budget", "model call, no budget (baseline)", calls.none!),
      row("admission", "call_1_budget", "model call, 1 budget level", calls.one!, "call_no_budget"),
      row("admission", "call_5_budgets", "model call, 5 budget levels", calls.five!, "call_no_budget"),
      row("admission", "admit_0", "admit() alone, no budget (one read)", drop(timings.admit0!)),
      row("admission", "admit_1", "admit() alone, 1 level", drop(timings.admit1!), "admit_0"),
      row("admission", "admit_5", "admit() alone, 5 levels", drop(timings.admit5!), "admit_0"),
      row("admission", "settle_1", "settle() in its transaction, 1 level", drop(timings.settle1!)),
      row("admission", "settle_5", "settle() in its transaction, 5 levels", drop(timings.settle5!)),
    ],
    numbers: { holds_left_after_admission: leftover, budgets_applied_1: applied[1] ?? 0, budgets_applied_5: applied[5] ?? 0 },
  };
}

/** `concurrency` callers for `seconds` each on one scope; calls per second and per-call latency. */
async function hammer(scope: LlmScope, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await modelCall(scope);
          latencies.push(performance.now() - t);
        } catch {
          refused++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { latencies, perSecond: latencies.length / elapsed, refused };
}

export async function measureContention(
  f: CallFixture,
  { concurrency, seconds }: { concurrency: number; seconds: number },
): Promise<{ rows: Row[]; numbers: Record<string, number> }> {
  const budgeted = await hammer(f.one, concurrency, seconds);
  const free = await hammer(f.none, concurrency, seconds);
  const after = await db.budget.findFirstOrThrow({ where: { orgId: f.one.orgId, scope: "org" } });
  const holds = await db.budgetHold.count({ where: { orgId: f.one.orgId } });
  return {
    rows: [
      row("contention", "contended_no_budget", `${concurrency} concurrent callers, no budget`, free.latencies),
      row("contention", "contended_1_budget", `${concurrency} concurrent callers, one org budget`, budgeted.latencies, "contended_no_budget"),
    ],
    numbers: {
      contention_callers: concurrency,
      contention_admitted_per_s: budgeted.perSecond,
      contention_no_budget_calls_per_s: free.perSecond,
      contention_refused: budgeted.refused + free.refused,
      contention_budget_held_after: Number(after.held),
      contention_holds_left: holds,
    },
  };
}
