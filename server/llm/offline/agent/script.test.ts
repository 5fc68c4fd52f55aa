import { describe, expect, it } from "vitest";
import type { HistoryStep } from "../prompt";
import type { Brief } from "./brief";
import { call, MAX_STEPS, nextAnswer, type Script } from "./script";

const brief = (tools: string[]): Brief => ({ role: "backend", taskKey: "t", attempt: 1, goal: "g", title: "t", description: "", criteria: [], feedback: [], tools: new Set(tools) });

function* sample(): Script {
  const listing = yield call("list_files");
  const w = yield call("write_file", { path: "a.js", content: listing.text.includes("a.js") ? "again" : "first" });
  const r = yield call("run_command", { command: "node --test" });
  const again = r.ok ? null : yield call("run_command", { command: "node --test" });
  return { tool: "finish", summary: `${w.ok ? "wrote" : "no write"}; ${r.ok ? "passed" : again?.ok ? "passed on retry" : "failed"}` };
}

const step = (tool: string, input: Record<string, unknown>, ok: boolean, text = ""): HistoryStep => ({ toolCallId: `${tool}-${Math.random()}`, tool, input, result: { ok, text } });
const ALL = ["list_files", "write_file", "run_command", "finish", "handoff", "ask_human"];

describe("replaying a script against the run's history", () => {
  it("answers the first call that has no recorded result, and decides on recorded results", () => {
    expect(nextAnswer(brief(ALL), [], sample).toolCall).toEqual({ toolName: "list_files", input: {} });
    const h = [step("list_files", {}, true, "a.js (3 B)")];
    expect(nextAnswer(brief(ALL), h, sample).toolCall).toEqual({ toolName: "write_file", input: { path: "a.js", content: "again" } });
    h.push(step("write_file", { path: "a.js", content: "again" }, true), step("run_command", { command: "node --test" }, false));
    expect(nextAnswer(brief(ALL), h, sample).toolCall).toEqual({ toolName: "run_command", input: { command: "node --test" } });
    h.push(step("run_command", { command: "node --test" }, true));
    expect(nextAnswer(brief(ALL), h, sample)).toEqual({ text: "wrote; passed on retry", toolCall: { toolName: "finish", input: { summary: "wrote; passed on retry", criteria: [] } } });
  });

  it("repeats a call whose result was never recorded (a crash mid-tool)", () => {
    const h: HistoryStep[] = [step("list_files", {}, true), { toolCallId: "x", tool: "write_file", input: { path: "a.js", content: "first" } }];
    expect(nextAnswer(brief(ALL), h, sample).toolCall?.toolName).toBe("write_file");
  });

  it("skips tools the agent does not have and ends with what it has", () => {
    expect(nextAnswer(brief(["list_files", "finish"]), [step("list_files", {}, true)], sample)).toEqual({ text: "no write; failed", toolCall: { toolName: "finish", input: { summary: "no write; failed", criteria: [] } } });
    // No finish tool: the summary is plain text.
    expect(nextAnswer(brief(["list_files"]), [step("list_files", {}, true)], sample)).toEqual({ text: "no write; failed" });
  });

  it("a hand-back without the handoff tool becomes a question, then a summary", () => {
    const back = function* (): Script {
      return { tool: "handoff", toRole: "backend", kind: "return", reason: "broken" };
    };
    expect(nextAnswer(brief(ALL), [], back).toolCall).toEqual({ toolName: "handoff", input: { toRole: "backend", kind: "return", reason: "broken" } });
    expect(nextAnswer(brief(["ask_human"]), [], back).toolCall?.toolName).toBe("ask_human");
    expect(nextAnswer(brief(["finish"]), [], back).toolCall?.toolName).toBe("finish");
  });

  it("stops a run that has gone on too long", () => {
    const h = Array.from({ length: MAX_STEPS }, (_, i) => step("read_file", { path: `${i}` }, true));
    expect(nextAnswer(brief(ALL), h, sample).toolCall?.toolName).toBe("finish");
  });
});
