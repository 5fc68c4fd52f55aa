import "server-only";
import { z } from "zod";

// The body of POST /api/v1/chat/completions, as OpenAI documents it. Strict: a field we do not know is
// refused by name (as OpenAI itself does), never silently dropped. Fields that only tune delivery or
// bookkeeping (user, metadata…) are accepted and ignored; fields that would change the answer and that
// the gateway cannot honour are accepted only at their neutral value (n = 1, top_p = 1, no logprobs…),
// so a client never gets an answer that quietly ignored what it asked for. stop and seed are passed on.

const text = z.string().max(2_000_000);

const textPart = z.strictObject({ type: z.literal("text"), text });
const imagePart = z.strictObject({
  type: z.literal("image_url"),
  image_url: z.strictObject({ url: z.string().min(1).max(20_000_000), detail: z.enum(["auto", "low", "high"]).optional() }),
});
const refusalPart = z.strictObject({ type: z.literal("refusal"), refusal: text });

const toolCall = z.strictObject({
  id: z.string().min(1).max(200),
  type: z.literal("function"),
  function: z.strictObject({ name: z.string().min(1).max(64), arguments: text }),
});

const name = z.string().max(200).optional();

export const chatMessage = z.discriminatedUnion("role", [
  z.strictObject({ role: z.literal("system"), content: z.union([text, z.array(textPart).min(1)]), name }),
  z.strictObject({ role: z.literal("developer"), content: z.union([text, z.array(textPart).min(1)]), name }),
  z.strictObject({ role: z.literal("user"), content: z.union([text, z.array(z.discriminatedUnion("type", [textPart, imagePart])).min(1)]), name }),
  z.strictObject({
    role: z.literal("assistant"),
    content: z.union([text, z.array(z.discriminatedUnion("type", [textPart, refusalPart]))]).nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(toolCall).max(128).optional(),
    name,
  }),
  z.strictObject({ role: z.literal("tool"), tool_call_id: z.string().min(1).max(200), content: z.union([text, z.array(textPart).min(1)]) }),
]);
export type ChatMessage = z.infer<typeof chatMessage>;

// OpenAI's own rule for function names.
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const jsonObject = z.record(z.string(), z.unknown());

export const functionTool = z.strictObject({
  type: z.literal("function"),
  function: z.strictObject({
    name: z.string().regex(FUNCTION_NAME, "must be 1–64 letters, digits, underscores or dashes"),
    description: z.string().max(100_000).optional(),
    parameters: jsonObject.optional(),
    strict: z.boolean().nullish(),
  }),
});
export type FunctionTool = z.infer<typeof functionTool>;

export const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.strictObject({ type: z.literal("function"), function: z.strictObject({ name: z.string().min(1).max(64) }) }),
]);
export type ToolChoice = z.infer<typeof toolChoice>;

export const responseFormat = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text") }),
  z.strictObject({ type: z.literal("json_object") }),
  z.strictObject({
    type: z.literal("json_schema"),
    json_schema: z.strictObject({
      name: z.string().regex(FUNCTION_NAME, "must be 1–64 letters, digits, underscores or dashes"),
      description: z.string().max(100_000).optional(),
      schema: jsonObject.optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);
export type ResponseFormat = z.infer<typeof responseFormat>;

/** A parameter accepted only at the value that changes nothing (the gateway has no way to honour others). */
const neutral = <T extends z.ZodType>(schema: T, ok: (v: z.infer<T>) => boolean, why: string) =>
  schema.nullish().refine((v) => v === null || v === undefined || ok(v), { message: why });

export const chatCompletionRequest = z.strictObject({
  model: z.string().min(1).max(300),
  messages: z.array(chatMessage).min(1).max(10_000),
  temperature: z.number().min(0).max(2).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().min(1).max(10_000_000).nullish(),
  max_completion_tokens: z.number().int().min(1).max(10_000_000).nullish(),
  tools: z.array(functionTool).max(128).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormat.optional(),
  // Bookkeeping and delivery hints: accepted, not used.
  user: z.string().max(1000).optional(),
  safety_identifier: z.string().max(1000).optional(),
  prompt_cache_key: z.string().max(1000).optional(),
  metadata: z.record(z.string(), z.string().max(1000)).nullish(),
  store: z.boolean().nullish(),
  service_tier: z.string().max(50).nullish(),
  // Passed to the provider (those that ignore a seed answer as without one, as OpenAI's own models may).
  seed: z.number().int().nullish(),
  // OpenAI's limit: up to 4 sequences.
  stop: z.union([z.string().min(1).max(1000), z.array(z.string().min(1).max(1000)).max(4, "at most 4 stop sequences")]).nullish(),
  reasoning_effort: z.string().max(50).nullish(),
  // Only at their neutral values.
  n: neutral(z.number().int(), (v) => v === 1, "only 1 is supported: this endpoint returns one choice per request (send several requests for several answers)"),
  top_p: neutral(z.number(), (v) => v === 1, "only 1 is supported; use temperature instead"),
  presence_penalty: neutral(z.number(), (v) => v === 0, "is not supported (only 0)"),
  frequency_penalty: neutral(z.number(), (v) => v === 0, "is not supported (only 0)"),
  logprobs: neutral(z.boolean(), (v) => v === false, "log probabilities are not supported by this endpoint; leave logprobs out or set it to false"),
  top_logprobs: neutral(z.number().int(), (v) => v === 0, "log probabilities are not supported by this endpoint; leave top_logprobs out"),
  logit_bias: neutral(z.record(z.string(), z.number()), (v) => Object.keys(v).length === 0, "is not supported"),
  modalities: neutral(z.array(z.string()), (v) => v.every((m) => m === "text"), "only text is supported"),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;
