import "server-only";
import type { ModelMessage } from "ai";
import { generate, LlmError, type GenerateOptions, type GenerateResult } from "@/server/llm";
import { interpret, type InterpretOptions } from "./interpret";
import type { Problem } from "./problems";
import { reaskMessage, schemaInstructions } from "./schema-prompt";

/** One first answer and at most two re-asks: a model that cannot fix it in two tries rarely does in three. */
export const MAX_STRUCTURED_ATTEMPTS = 3;

export type StructuredOptions<OUT> = Omit<GenerateOptions, "output" | "tools"> & InterpretOptions<OUT> & { maxAttempts?: number };

export type StructuredResult<OUT> = {
  object: OUT;
  /** What AIOS fixed, for people ("task key "Greeter" → "greeter""); empty when the answer was perfect. */
  repairs: string[];
  attempts: number;
  /** Every attempt is its own LlmCall (re-asks cost money too). */
  llmCallIds: string[];
  costUsd: number;
  /** The gateway's result for the answer that was used. */
  last: GenerateResult;
};

/**
 * A structured answer through the gateway (never a provider directly): asks for JSON as text, repairs
 * and normalises it, validates it, and re-asks with the problems listed. Throws LlmError ("bad-output")
 * with sentences a person understands when the model cannot produce a usable answer.
 */
export async function generateStructured<OUT>(opts: StructuredOptions<OUT>): Promise<StructuredResult<OUT>> {
  const { schema, what, normalise, check, label, maxAttempts = MAX_STRUCTURED_ATTEMPTS, ...call } = opts;
  const system = `${call.system}\n\n${schemaInstructions(schema)}`;
  const llmCallIds: string[] = [];
  const notes: string[] = [];
  let costUsd = 0;
  let messages: ModelMessage[] = call.messages;
  let problems: Problem[] = [];
  let last: GenerateResult | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    last = await generate({ ...call, system, messages });
    llmCallIds.push(last.llmCallId);
    costUsd += last.costUsd;
    const result = interpret(last.text, { schema, what, normalise, check, label });
    // jsonrepair closes a cut-off answer ("[task 1, task 2" → a two-task plan that passes the schema):
    // an answer that hit the output limit and needed its JSON repaired is incomplete, never a shorter plan.
    const cutOff = last.finishReason === "length" && (!result.ok || result.repairedJson);
    if (result.ok && !cutOff) return { object: result.value, repairs: [...notes, ...result.repairs], attempts: attempt, llmCallIds, costUsd, last };
    problems = [...(cutOff ? [CUT_OFF] : []), ...(result.ok ? [] : result.problems)];
    notes.push(`asked the model again: answer ${attempt} ${summary(problems)}`);
    // The original conversation, the answer that failed, and what to fix: earlier failures add nothing.
    messages = [...call.messages, { role: "assistant", content: last.text }, { role: "user", content: reaskMessage(problems.map((p) => p.forModel)) }];
  }
  throw new UnusableAnswerError(
    `The model's ${what} could not be used after ${plural(maxAttempts, "attempt")}: ${summary(problems)}. Try again, or choose a stronger model in Admin → Models.`,
    { provider: last!.provider, modelId: last!.modelId, llmCallId: last!.llmCallId, retryable: true, cause: null },
    problems.map((p) => p.forPeople),
  );
}

const CUT_OFF: Problem = {
  path: [],
  forModel: "your answer was cut off at the output limit, so it is incomplete; answer shorter (briefer descriptions, fewer words) so the whole JSON object fits",
  forPeople: "the answer was cut off at the output limit",
};

/**
 * A model that could not give a usable structured answer even when told what was wrong. Unlike other
 * bad-output errors its message is written for people (no provider text, no schema), so chat shows it.
 */
export class UnusableAnswerError extends LlmError {
  constructor(
    message: string,
    details: LlmError["details"],
    /** The last answer's problems, as sentences. */
    readonly problems: string[],
  ) {
    super(message, "bad-output", details);
    this.name = "UnusableAnswerError";
  }
}

/** The first few problems as one clause: "task 2 has no role; task 3's title …; and 4 more problems". */
function summary(problems: Problem[]): string {
  const shown = [...new Set(problems.map((p) => p.forPeople))];
  const head = shown.slice(0, 3).join("; ");
  return shown.length > 3 ? `${head}; and ${plural(shown.length - 3, "more problem")}` : head;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
