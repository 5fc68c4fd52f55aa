import "server-only";
import { generate, type GenerateOptions } from "@/server/llm";
import { authenticate } from "./authenticate";
import { aiosHeaders, completionMeta, toCompletion } from "./completion";
import { badRequest, errorResponse, fromZodError, OpenAiError, toOpenAiError } from "./errors";
import { toConversation } from "./messages";
import { resolveRequestedModel } from "./models";
import { chatCompletionRequest, type ChatCompletionRequest } from "./request-schema";
import { streamResponse } from "./stream-response";
import { toOutputSchema, toToolChoice, toToolSpecs } from "./tools";

// POST /api/v1/chat/completions: authenticate the key → read and validate the body → find the model →
// one call through the gateway (routing, cache, budgets, rate limits, metering: exactly as an agent's
// call) → OpenAI's response, as JSON or as a stream. Never a provider directly.

export async function chatCompletions(req: Request): Promise<Response> {
  try {
    const caller = await authenticate(req.headers);
    const request = parseRequest(await readJson(req));
    const target = await resolveRequestedModel(caller.scope.orgId, request.model);
    const { system, messages } = toConversation(request.messages);
    const output = toOutputSchema(request.response_format);
    const opts: GenerateOptions = {
      purpose: "chat",
      tier: target.tier,
      ...(target.model ? { model: target.model } : {}),
      system,
      messages,
      tools: toToolSpecs(request.tools, request.tool_choice),
      ...sampling(request),
      ...(output ? { output } : {}),
      scope: caller.scope,
      ...(request.temperature !== null && request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...maxTokens(request),
    };
    if (request.stream) {
      return await streamResponse((hooks) => generate({ ...opts, ...hooks }), {
        model: request.model,
        includeUsage: request.stream_options?.include_usage === true,
        signal: req.signal,
      });
    }
    const result = await generate({ ...opts, abortSignal: req.signal });
    return Response.json(toCompletion(result, completionMeta(result, request.model)), { headers: { "cache-control": "no-store", ...aiosHeaders(result) } });
  } catch (err) {
    return errorResponse(toOpenAiError(err));
  }
}

async function readJson(req: Request): Promise<unknown> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new OpenAiError(415, "This endpoint accepts only JSON: send the body with Content-Type: application/json.");
  let text: string;
  try {
    text = await req.text();
  } catch {
    // The HTTP layer cut off a body over its limit (and has answered 413 already).
    throw new OpenAiError(413, "The request body is too large.");
  }
  if (text.trim() === "") throw badRequest("The request body is empty: send a JSON object with model and messages.");
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("We could not parse the JSON body of your request. The body must be one JSON object (check quotes, commas and brackets).");
  }
}

function parseRequest(body: unknown): ChatCompletionRequest {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw badRequest("The request body must be a JSON object with model and messages.");
  const parsed = chatCompletionRequest.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

function maxTokens(r: ChatCompletionRequest): { maxOutputTokens?: number } {
  const n = r.max_completion_tokens ?? r.max_tokens;
  return n ? { maxOutputTokens: n } : {};
}

/** tool_choice, stop and seed as the gateway passes them to the provider. */
function sampling(r: ChatCompletionRequest): Pick<GenerateOptions, "toolChoice" | "stopSequences" | "seed"> {
  const toolChoice = toToolChoice(r.tool_choice);
  const stop = typeof r.stop === "string" ? [r.stop] : (r.stop ?? []);
  return {
    ...(toolChoice ? { toolChoice } : {}),
    ...(stop.length ? { stopSequences: stop } : {}),
    ...(r.seed !== null && r.seed !== undefined ? { seed: r.seed } : {}),
  };
}
