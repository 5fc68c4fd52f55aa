import "server-only";
import type { Prisma } from "@/server/db";
import type { ModelAnswer } from "../call-model";
import type { GenerateOptions } from "../gateway-types";
import { safeJsonSchema } from "../schema-json";
import { buildTrace, type TraceTool } from "./build-trace";
import { envSecrets } from "./secrets";

/** The LlmCallTrace columns of one attempt (the record step adds the ids), masked and capped. */
export function traceRow(opts: GenerateOptions<unknown>, answer: Pick<ModelAnswer, "text" | "toolCalls" | "object" | "finishReason" | "oneShotFallback"> | null) {
  const tools = opts.tools
    ? Object.fromEntries(Object.entries(opts.tools).map(([name, t]): [string, TraceTool] => [name, { description: t.description, parameters: safeJsonSchema(t.inputSchema) }]))
    : undefined;
  const notes = answer?.oneShotFallback ? [answer.oneShotFallback] : [];
  const trace = buildTrace({ system: opts.system, messages: opts.messages, tools, answer, notes, secrets: envSecrets() });
  return {
    prompt: trace.prompt as Prisma.InputJsonValue,
    answer: (trace.answer ?? undefined) as Prisma.InputJsonValue | undefined,
    repairs: trace.repairs.length ? (trace.repairs as Prisma.InputJsonValue) : undefined,
    promptChars: trace.promptChars,
    answerChars: trace.answerChars,
    truncated: trace.truncated,
  };
}
