import "server-only";
import { AGENT_TOOLS, type AgentToolName } from "@/lib/agent-tools";

// A tool call's arguments, checked before it runs. A failure is told to the model as one readable
// sentence naming each problem (never a schema dump), with what the call needs.

export type InputCheck = { ok: true; input: unknown } | { ok: false; message: string; problems: string[] };

/** Arguments as models send them: an object, or (when the provider could not parse it) raw JSON text. */
function asObject(raw: unknown): { value: unknown } | { problem: string } {
  if (raw === undefined || raw === null || raw === "") return { value: {} };
  if (typeof raw !== "string") return { value: raw };
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return { problem: "the arguments are not valid JSON" };
  }
}

/** "path, content" with the optional ones marked, from the tool's schema. */
export function toolFields(tool: AgentToolName): string {
  const shape = (AGENT_TOOLS[tool].input as unknown as { shape?: Record<string, { safeParse: (v: unknown) => { success: boolean } }> }).shape ?? {};
  const fields = Object.entries(shape).map(([k, v]) => (v.safeParse(undefined).success ? `${k} (optional)` : k));
  return fields.length ? fields.join(", ") : "no arguments";
}

export function checkToolInput(tool: AgentToolName, raw: unknown): InputCheck {
  const obj = asObject(raw);
  const parsed = "value" in obj ? AGENT_TOOLS[tool].input.safeParse(obj.value) : null;
  if (parsed?.success) return { ok: true, input: parsed.data };
  const problems =
    "problem" in obj
      ? [obj.problem]
      : parsed!.error.issues.map((i) => {
          const where = i.path.join(".") || "arguments";
          if (i.code === "invalid_type" && (i as { input?: unknown }).input === undefined) return `${where}: required`;
          return `${where}: ${i.message.replace(/^Invalid input: /, "")}`;
        });
  return {
    ok: false,
    problems,
    message: `Invalid input for ${tool}: ${problems.join("; ")}. Send the call again with ${toolFields(tool)} as a JSON object.`,
  };
}
