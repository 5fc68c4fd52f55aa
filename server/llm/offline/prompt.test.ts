import { describe, expect, it } from "vitest";
import { readBrief } from "./agent/brief";
import { outcomeOf, parseTag, readCall } from "./prompt";

describe("reading a call", () => {
  it("finds the tag line and its attributes", () => {
    expect(parseTag('<aios purpose="agent" role="qa" task="qa-todo" attempt="2"/>\nYou are…')).toEqual({ purpose: "agent", role: "qa", task: "qa-todo", attempt: "2" });
    expect(parseTag("no tag")).toBeNull();
  });

  it("falls back to the gateway's providerOptions purpose, then to chat", () => {
    const base = { prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }] };
    expect(readCall({ ...base, providerOptions: { aios: { purpose: "planning" } } }).tag.purpose).toBe("plan");
    expect(readCall(base).tag.purpose).toBe("chat");
  });

  it("pairs tool calls with their results and reads every output shape", () => {
    const c = readCall({
      prompt: [
        { role: "system", content: '<aios purpose="agent" role="backend" task="x" attempt="1"/>' },
        { role: "user", content: [{ type: "text", text: "Project goal: g\n\nTask: T\nd" }] },
        { role: "assistant", content: [{ type: "tool-call", toolCallId: "a", toolName: "list_files", input: {} }] },
        { role: "tool", content: [{ type: "tool-result", toolCallId: "a", toolName: "list_files", output: { type: "text", value: "x.js (3 B)" } }] },
        { role: "assistant", content: [{ type: "tool-call", toolCallId: "b", toolName: "read_file", input: { path: "x.js" } }] },
      ],
      tools: [{ type: "function", name: "finish", inputSchema: {} }],
    });
    expect(c.history).toEqual([
      { toolCallId: "a", tool: "list_files", input: {}, result: { ok: true, text: "x.js (3 B)" } },
      { toolCallId: "b", tool: "read_file", input: { path: "x.js" } },
    ]);
    expect([...c.tools]).toEqual(["finish"]);
    expect(outcomeOf({ type: "error-text", value: "nope" })).toEqual({ ok: false, text: "nope" });
    expect(outcomeOf({ type: "json", value: { exitCode: 1, stdout: "x" } })).toEqual({ ok: true, text: "exit code 1\n--- stdout ---\nx" });
    expect(outcomeOf({ type: "json", value: { ok: false, error: "denied" } }).ok).toBe(false);
    expect(outcomeOf({ type: "execution-denied", reason: "policy" })).toEqual({ ok: false, text: "Execution denied: policy" });
  });

  it("reads the task brief: goal, task, criteria and feedback", () => {
    const c = readCall({
      prompt: [
        { role: "system", content: '<aios purpose="agent" role="backend" task="todo-http" attempt="2"/>' },
        {
          role: "user",
          content: [
            {
              type: "text",
              text: "Project goal: Create a REST API for a todo list with tests.\n\nTask: CRUD endpoints over HTTP\nWrite src/app.js.\n\nIt has two paragraphs.\n\nAcceptance criteria:\n- one\n- two\n\nReturned by qa: `node --test` failed\n- \"x\": y\n\nAnswer from Ada Lovelace: go on",
            },
          ],
        },
      ],
      toolChoice: { type: "none" },
      tools: [{ type: "function", name: "finish", inputSchema: {} }],
    });
    const b = readBrief(c);
    expect(b).toMatchObject({ role: "backend", taskKey: "todo-http", attempt: 2, goal: "Create a REST API for a todo list with tests.", title: "CRUD endpoints over HTTP", criteria: ["one", "two"] });
    expect(b.description).toBe("Write src/app.js.\n\nIt has two paragraphs.");
    expect(b.feedback).toEqual([
      { kind: "returned", from: "qa", text: '`node --test` failed\n- "x": y' },
      { kind: "answer", from: "Ada Lovelace", text: "go on" },
    ]);
    expect(b.tools.size).toBe(0); // toolChoice none
  });
});
