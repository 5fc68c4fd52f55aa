import { describe, expect, it } from "vitest";
import { AGENT_TOOL_NAMES } from "@/lib/agent-tools";
import { prepareCall } from "./prepare-call";
import { normaliseToolName, resolveToolName } from "./tool-names";

const ALL = AGENT_TOOL_NAMES;

describe("tool names", () => {
  it("normalises case and separators", () => {
    expect(normaliseToolName("Write_File")).toBe("writefile");
    expect(normaliseToolName("write-file")).toBe("writefile");
    expect(normaliseToolName("writeFile")).toBe("writefile");
    expect(normaliseToolName("functions.write_file")).toBe("writefile");
  });

  it("maps a name that differs only in case or separators", () => {
    expect(resolveToolName("write_file", ALL)).toEqual({ kind: "exact", name: "write_file" });
    expect(resolveToolName("Write_File", ALL)).toEqual({ kind: "mapped", name: "write_file", from: "Write_File" });
    expect(resolveToolName("readFile", ALL)).toEqual({ kind: "mapped", name: "read_file", from: "readFile" });
    expect(resolveToolName("RUN-COMMAND", ALL)).toMatchObject({ kind: "mapped", name: "run_command" });
  });

  it("maps the aliases models use", () => {
    const cases: [string, string][] = [
      ["create_file", "write_file"],
      ["edit_file", "patch_file"],
      ["read", "read_file"],
      ["ls", "list_files"],
      ["bash", "run_command"],
      ["shell", "run_command"],
      ["exec", "run_command"],
      ["done", "finish"],
      ["complete", "finish"],
    ];
    for (const [from, to] of cases) expect(resolveToolName(from, ALL), from).toMatchObject({ kind: "mapped", name: to });
  });

  it("never maps to a tool the agent does not have", () => {
    const r = resolveToolName("bash", ["read_file", "list_files", "finish"]);
    expect(r.kind).toBe("unknown");
  });

  it("answers an unknown name with the tools the agent has", () => {
    const r = resolveToolName("deploy", ["read_file", "write_file", "finish"]);
    expect(r).toMatchObject({ kind: "unknown", from: "deploy" });
    if (r.kind !== "unknown") throw new Error("expected unknown");
    expect(r.message).toBe('There is no tool "deploy". The tools you have are: read_file, write_file, finish. Call one of them by its exact name.');
  });
});

describe("prepareCall", () => {
  it("runs a mapped call with its parsed input and says what was repaired", () => {
    const c = prepareCall({ toolCallId: "1", toolName: "Write_File", input: { path: "a.txt", content: "x" } }, ALL);
    expect(c).toMatchObject({ kind: "run", tool: "write_file", input: { path: "a.txt", content: "x" }, repair: { kind: "tool-name" } });
  });

  it("refuses invalid input with one readable sentence (no schema dump)", () => {
    const c = prepareCall({ toolCallId: "1", toolName: "write_file", input: { content: "x" } }, ALL);
    expect(c).toMatchObject({ kind: "refuse", mistake: "invalid-input", tool: "write_file" });
    if (c.kind !== "refuse") throw new Error("expected refuse");
    expect(c.output).toBe("Invalid input for write_file: path: required. Send the call again with path, content as a JSON object.");
  });

  it("parses arguments sent as JSON text, and explains text that is not JSON", () => {
    expect(prepareCall({ toolCallId: "1", toolName: "read_file", input: '{"path":"a.ts"}' }, ALL)).toMatchObject({ kind: "run", input: { path: "a.ts" } });
    const bad = prepareCall({ toolCallId: "1", toolName: "read_file", input: '{"path": "a.ts"' }, ALL);
    expect(bad).toMatchObject({ kind: "refuse", mistake: "invalid-input" });
    if (bad.kind !== "refuse") throw new Error("expected refuse");
    expect(bad.output).toMatch(/^Invalid input for read_file: the arguments are not valid JSON\. Send the call again with path as a JSON object\.$/);
  });

  it("tells a model whose answer was cut off at its output limit to send less", () => {
    const c = prepareCall({ toolCallId: "1", toolName: "write_file", input: '{"path":"a.ts","content":"export const' }, ALL, true);
    if (c.kind !== "refuse") throw new Error("expected refuse");
    expect(c.output).toMatch(/^Invalid input for write_file: the arguments are not valid JSON\. .* Your answer was cut off at the model's output limit: send less in one call/);
  });

  it("refuses an unknown tool as a mistake, with the tool list", () => {
    const c = prepareCall({ toolCallId: "1", toolName: "deploy", input: {} }, ["list_files", "finish"]);
    expect(c).toMatchObject({ kind: "refuse", mistake: "unknown-tool", tool: "deploy", output: expect.stringContaining("list_files, finish") });
  });
});
