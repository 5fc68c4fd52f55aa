import "server-only";
import type { AgentToolName } from "@/lib/agent-tools";
import { checkToolInput } from "./tool-input";
import { resolveToolName } from "./tool-names";

// Every tool call the model makes gets an answer. The AI SDK marks unknown names and input that fails
// the schema as `invalid`; instead of dropping those calls, the name is mapped when that is unambiguous
// and the input checked here, and what cannot run is answered with a readable error as its result.

export type Repair = { kind: "tool-name" | "unknown-tool" | "tool-input"; detail: string };

export type PreparedCall =
  | { kind: "run"; toolCallId: string; tool: AgentToolName; input: unknown; repair?: Repair }
  | {
      kind: "refuse";
      toolCallId: string;
      tool: string;
      input: unknown;
      output: string;
      mistake: "unknown-tool" | "invalid-input";
      /** The mistake in a few words, for a person (the mistake budget's question). */
      summary: string;
      repair: Repair;
    };

/** Input as it is recorded and replayed: parsed when the model sent JSON text. */
function parsedOrRaw(input: unknown): unknown {
  if (typeof input !== "string") return input ?? {};
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}

/**
 * `cutOff`: the model's answer ended at its output limit (finish reason "length"), the usual cause of
 * arguments that are not valid JSON: the model is told to send less in one call.
 */
export function prepareCall(call: { toolCallId: string; toolName: string; input: unknown }, available: readonly AgentToolName[], cutOff = false): PreparedCall {
  const input = parsedOrRaw(call.input);
  const name = resolveToolName(call.toolName, available);
  if (name.kind === "unknown") {
    return {
      kind: "refuse",
      toolCallId: call.toolCallId,
      tool: call.toolName,
      input,
      output: name.message,
      mistake: "unknown-tool",
      summary: `called "${call.toolName}", which is not one of its tools`,
      repair: { kind: "unknown-tool", detail: `The model called "${call.toolName}", which is not one of its tools; it was told which tools it has.` },
    };
  }
  const tool = name.name as AgentToolName;
  const mapped: Repair | undefined = name.kind === "mapped" ? { kind: "tool-name", detail: `The model called "${name.from}"; it ran as ${tool}.` } : undefined;
  const checked = checkToolInput(tool, call.input);
  if (!checked.ok) {
    return {
      kind: "refuse",
      toolCallId: call.toolCallId,
      tool,
      input,
      output: cutOff ? `${checked.message} Your answer was cut off at the model's output limit: send less in one call (for a long file, write a first part, then add the rest with further calls).` : checked.message,
      mistake: "invalid-input",
      summary: `sent invalid input for ${tool} (${checked.problems.join("; ")})`,
      repair: { kind: "tool-input", detail: `${mapped ? `${mapped.detail} ` : ""}Its input for ${tool} was invalid (${checked.problems.join("; ")}); it was asked to send the call again.` },
    };
  }
  return { kind: "run", toolCallId: call.toolCallId, tool, input: checked.input, ...(mapped ? { repair: mapped } : {}) };
}
