import { describe, expect, it } from "vitest";
import { POST as chatPOST } from "@/app/api/chat/route";
import { POST as trpcPOST } from "@/app/api/trpc/[trpc]/route";
import { db } from "@/server/db";
import { chatId, cookieFor, postChat, say } from "./chat-helpers";
import { orgWithRoles } from "./fixtures";

// Over budget on the HTTP surfaces: chat answers with a readable refusal (an answer, not an error);
// a full per-minute budget answers 429 with Retry-After on /api/chat and on tRPC.

const thisMinute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000);

/** A per-minute budget already used up in the current window (retried across a minute boundary). */
async function fullMinuteBudget(orgId: string, scope: "org" | "user", scopeId: string) {
  return db.budget.create({ data: { orgId, scope, scopeId, metric: "requests", period: "minute", limit: 1, spent: 1, policy: "ask", periodStart: thisMinute() } });
}
const refill = (id: string) => db.budget.update({ where: { id }, data: { spent: 1, held: 0, periodStart: thisMinute() } });

describe("chat over budget", () => {
  it("answers with a readable refusal, stored as the assistant's message", async () => {
    const fx = await orgWithRoles();
    await db.budget.create({ data: { orgId: fx.org.id, scope: "org", scopeId: fx.org.id, metric: "tokens", period: "total", limit: 1, policy: "ask" } });
    const conversation = chatId();
    const reply = await postChat(fx.people.member.sessionId, say(fx.org.id, conversation, "What can you do?"));
    expect(reply.status).toBe(200);
    expect(reply.error).toBeUndefined();
    expect(reply.text).toMatch(/^I can't answer this right now: The organisation limit of 1 tokens in total is used up \(0 tokens spent; this call needs up to [\d,]+ tokens\)\. Someone who manages budgets can raise it on Admin → Budgets/);
    expect(reply.text).not.toMatch(/Error|at \w+ \(|stack/);
    const stored = await db.chatMessage.findFirstOrThrow({ where: { conversationId: conversation, role: "assistant" } });
    expect(JSON.stringify(stored.parts)).toContain("I can't answer this right now");
    expect(await db.llmCall.count({ where: { orgId: fx.org.id } })).toBe(0);
  });
});

describe("per-minute budgets answer 429 with Retry-After", () => {
  it("on /api/chat, before any stream starts; the message is not stored", async () => {
    const fx = await orgWithRoles();
    const b = await fullMinuteBudget(fx.org.id, "user", fx.people.member.user.id);
    const send = async () => {
      await refill(b.id);
      return chatPOST(
        new Request("http://localhost/api/chat", {
          method: "POST",
          headers: { "content-type": "application/json", cookie: await cookieFor(fx.people.member.sessionId) },
          body: JSON.stringify(say(fx.org.id, chatId(), "hello")),
        }),
      );
    };
    let res = await send();
    if (res.status !== 429) res = await send(); // the minute turned between refill and request
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await res.json()) as { error: string }).error).toMatch(/^Too many requests this minute for your personal limit; try again in \d+ s\.$/);
    // Another person in the org is not limited by this one's budget.
    const other = await postChat(fx.people.admin.sessionId, say(fx.org.id, chatId(), "What can you do?"));
    expect(other.status).toBe(200);
  });

  it("on tRPC: a procedure that calls a model gets 429 and Retry-After from the budget", async () => {
    const fx = await orgWithRoles();
    const b = await fullMinuteBudget(fx.org.id, "org", fx.org.id);
    const send = async () => {
      await refill(b.id);
      return trpcPOST(
        new Request("http://localhost/api/trpc/projects.create", {
          method: "POST",
          headers: { "content-type": "application/json", cookie: await cookieFor(fx.people.member.sessionId) },
          body: JSON.stringify({ json: { orgId: fx.org.id, name: "Rate limited", goal: "Build a web app that displays stock prices" } }),
        }),
      );
    };
    let res = await send();
    if (res.status !== 429) res = await send();
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await res.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json.data.code).toBe("TOO_MANY_REQUESTS");
    expect(body.error.json.message).toMatch(/^The organisation limit of 1 requests per minute is reached; try again in \d+ s\.$/);
  });
});
