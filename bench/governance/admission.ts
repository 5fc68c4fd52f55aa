// 2. What admission and settlement add to a model call: the offline model at delay 0 through the
// real gateway `generate` (LlmCall row + llm.call event in one transaction), for an org with no
// budget, one with one budget level, and one with five, interleaved call by call.
import { generate, type LlmScope } from "@/server/llm";
import { db } from "@/server/db";
import { interleaved, row, type LoopOptions, type Row } from "./measure";

export type CallFixture = { none: LlmScope };

async function benchOrg(tag: string, name: string): Promise<{ orgId: string; userId: string }> {
  const user = await db.user.create({ data: { email: `bench-${name}-${tag}@example.test`, name: `Bench ${name}` } });
  const org = await db.org.create({ data: { name: `Bench ${name} ${tag}`, slug: `bench-${name}-${tag}` } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
  return { orgId: org.id, userId: user.id };
}

export async function callFixture(tag: string): Promise<CallFixture> {
  const none = await benchOrg(tag, "nobudget");
  return { none: { orgId: none.orgId, userId: none.userId } };
}

/** One model step as the agents and chat make it; the offline model answers a chat in plain text. */
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

export async function measureAdmission(f: CallFixture, loop: LoopOptions): Promise<Row[]> {
  const samples = await interleaved({ none: () => modelCall(f.none) }, loop);
  return [row("admission", "call_no_budget", "model call, no budget (baseline)", samples.none!)];
}
