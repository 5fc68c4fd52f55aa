import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/server/db";
import { authSecret } from "@/server/env";
import { generate } from "@/server/llm";
import { startV1Server, type V1Server } from "@/tests/helpers/v1-server";
import { issueKey } from "./api-keys-helpers";
import { callerAs, orgWithRoles, outcome, type OrgFixture } from "./fixtures";

// The model trace: every gateway attempt stores the prompt as sent and the answer beside its LlmCall,
// secrets masked; people who see the project can open it, nobody else can; the calls list searches by
// project, task, model and outcome.

const PROVIDER_KEY = "sk-proj-Zx8vQ2mN4bT6yR1wE3uI5oP7aS9dF0gH";
const BEARER = "Bearer eyJhbGciOi.payload-part.signature-part";
const FIELD_SECRET = "field-secret-value-42";

async function task(fx: OrgFixture, key: string) {
  return db.task.create({ data: { orgId: fx.org.id, projectId: fx.project.id, key, title: `Task ${key}`, role: "backend", description: "Do it" } });
}

function ask(fx: OrgFixture, taskId: string | null, extra: { abortSignal?: AbortSignal } = {}) {
  return generate({
    purpose: "chat",
    tier: "fast",
    system: `You help with the project. The server secret is ${authSecret()}.`,
    messages: [
      { role: "user", content: `Deploy with ${PROVIDER_KEY} and send "Authorization: ${BEARER}".` },
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "c1", toolName: "http_get", input: { url: "https://api.example.com", apiKey: FIELD_SECRET } }] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "c1", toolName: "http_get", output: { type: "text", value: "200 OK" } }] },
      { role: "user", content: "Now say hello." },
    ],
    tools: { http_get: { description: "Fetch a URL", inputSchema: z.object({ url: z.string(), apiKey: z.string().optional() }) } },
    cache: false,
    scope: { orgId: fx.org.id, projectId: fx.project.id, taskId, agentRole: "backend" },
    ...extra,
  });
}

describe("the model trace", () => {
  it("stores the prompt and the answer of every call beside its LlmCall, secrets masked", async () => {
    const fx = await orgWithRoles();
    const t = await task(fx, "trace-a");
    const result = await ask(fx, t.id);
    const row = await db.llmCallTrace.findUniqueOrThrow({ where: { llmCallId: result.llmCallId } });
    expect(row.orgId).toBe(fx.org.id);
    const prompt = row.prompt as { system: string; messages: { role: string }[]; tools: Record<string, { description: string; parameters: unknown }> };
    expect(prompt.system).toMatch(/^You help with the project\. The server secret is \[masked\]\.$/);
    expect(prompt.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "user"]);
    expect(prompt.tools.http_get).toMatchObject({ description: "Fetch a URL", parameters: { type: "object" } });
    expect(row.answer).toMatchObject({ text: result.text, finishReason: result.finishReason });
    expect(row.promptChars).toBeGreaterThan(200);
    expect(row.truncated).toBe(false);
    const stored = JSON.stringify(row);
    for (const secret of [PROVIDER_KEY, "payload-part.signature-part", FIELD_SECRET, authSecret()]) expect(stored).not.toContain(secret);
    expect(stored).toContain("Deploy with sk-proj-[masked]");
  });

  it("keeps the trace of a failed attempt, with no answer", async () => {
    const fx = await orgWithRoles();
    const stop = new AbortController();
    stop.abort();
    await expect(ask(fx, null, { abortSignal: stop.signal })).rejects.toThrow();
    const call = await db.llmCall.findFirstOrThrow({ where: { orgId: fx.org.id, status: "error" }, include: { trace: true } });
    expect(call.trace).toMatchObject({ answer: null, orgId: fx.org.id });
    expect(JSON.stringify(call.trace?.prompt)).toContain("Now say hello.");
  });

  it("opens for anyone who sees the project, and for nobody in another org", async () => {
    const fx = await orgWithRoles();
    const { llmCallId } = await ask(fx, null);
    const viewer = await callerAs(await fx.people.viewer.principal());
    const got = await viewer.trace.projectCall({ projectId: fx.project.id, callId: llmCallId });
    expect(got.call).toMatchObject({ id: llmCallId, projectName: "Stock prices", model: "aios-offline-1", status: "ok" });
    expect(got.trace?.prompt).toMatchObject({ system: expect.stringContaining("[masked]") });
    expect((got.call.routing as { chosen: string }).chosen).toContain("aios-offline-1");

    // Another org: its own project, and the org-wide read, never find this call.
    const outsider = await callerAs(await fx.people.outsider.principal());
    const theirs = await db.project.create({ data: { orgId: fx.other.id, name: "Theirs", goal: "Theirs" } });
    expect(await outcome(() => outsider.trace.projectCall({ projectId: theirs.id, callId: llmCallId }))).toBe("NOT_FOUND");
    expect(await outcome(() => outsider.trace.orgCall({ orgId: fx.other.id, callId: llmCallId }))).toBe("NOT_FOUND");
    expect(await outcome(() => outsider.trace.projectCall({ projectId: fx.project.id, callId: llmCallId }))).toBe("NOT_FOUND");
    // Another project of the same org does not open it either (the call is looked up in the project).
    const sibling = await db.project.create({ data: { orgId: fx.org.id, name: "Sibling", goal: "Other" } });
    expect(await outcome(() => viewer.trace.projectCall({ projectId: sibling.id, callId: llmCallId }))).toBe("NOT_FOUND");
    // The org-wide read needs usage:read (admins), like the rest of Admin → Usage.
    expect(await outcome(() => viewer.trace.orgCall({ orgId: fx.org.id, callId: llmCallId }))).toBe("FORBIDDEN");
    const admin = await callerAs(await fx.people.admin.principal());
    expect((await admin.trace.orgCall({ orgId: fx.org.id, callId: llmCallId })).call.id).toBe(llmCallId);
  });

  it("says so for a call recorded before traces were kept", async () => {
    const fx = await orgWithRoles();
    const old = await db.llmCall.create({ data: { orgId: fx.org.id, projectId: fx.project.id, purpose: "agent", provider: "openai", model: "gpt-4.1", status: "ok" } });
    const owner = await callerAs(await fx.people.owner.principal());
    expect((await owner.trace.projectCall({ projectId: fx.project.id, callId: old.id })).trace).toBeNull();
  });

  it("searches a project's calls by task, model and outcome", async () => {
    const fx = await orgWithRoles();
    const [a, b] = [await task(fx, "search-a"), await task(fx, "search-b")];
    const first = await ask(fx, a.id);
    const second = await ask(fx, b.id);
    const failed = await db.llmCall.create({ data: { orgId: fx.org.id, projectId: fx.project.id, taskId: b.id, purpose: "agent", provider: "openai", model: "gpt-4.1", status: "error", error: "boom" } });
    const member = await callerAs(await fx.people.member.principal());
    const today = new Date().toISOString().slice(0, 10);
    const range = { projectId: fx.project.id, from: "2026-01-01", to: today > "2026-12-31" ? today : "2026-12-31" };
    const ids = async (f: object) => (await member.usage.projectCalls({ ...range, ...f })).items.map((c) => c.id).sort();
    expect(await ids({ taskId: a.id })).toEqual([first.llmCallId]);
    expect(await ids({ taskId: b.id })).toEqual([second.llmCallId, failed.id].sort());
    expect(await ids({ model: "gpt-4.1" })).toEqual([failed.id]);
    expect(await ids({ status: "failed" })).toEqual([failed.id]);
    expect(await ids({ taskId: b.id, status: "ok" })).toEqual([second.llmCallId]);
    // The org-wide list filters by project as well; another org's project matches nothing.
    const admin = await callerAs(await fx.people.admin.principal());
    const orgIds = (await admin.usage.calls({ orgId: fx.org.id, from: range.from, to: range.to, projectId: fx.project.id })).items.map((c) => c.id);
    expect(orgIds.sort()).toEqual([first.llmCallId, second.llmCallId, failed.id].sort());
    const outsider = await callerAs(await fx.people.outsider.principal());
    expect((await outsider.usage.calls({ orgId: fx.other.id, from: range.from, to: range.to, projectId: fx.project.id })).items).toEqual([]);
  });

  it("traces calls through the OpenAI-compatible endpoint too, the caller's key masked", async () => {
    const fx = await orgWithRoles();
    const { secret } = await issueKey(await fx.people.member.principal(), fx.org.id);
    v1 ??= await startV1Server();
    const res = await fetch(`${v1.url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "aios/fast", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: `My AIOS key is ${secret}; say hi.` }] }),
    });
    expect(res.status).toBe(200);
    const id = ((await res.json()) as { id: string }).id.replace(/^chatcmpl-/, "");
    const row = await db.llmCallTrace.findUniqueOrThrow({ where: { llmCallId: id } });
    expect(row.orgId).toBe(fx.org.id);
    expect(JSON.stringify(row.prompt)).toContain("My AIOS key is aios_sk_[masked]; say hi.");
    expect(JSON.stringify(row)).not.toContain(secret);
  });
});

let v1: V1Server | null = null;
afterAll(async () => {
  await v1?.close();
});
