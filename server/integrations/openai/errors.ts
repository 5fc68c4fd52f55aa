import "server-only";
import { AppError } from "@/server/errors";
import { isBudgetExceeded } from "@/server/governance/budgets";
import { LlmError } from "@/server/llm";
import { logger } from "@/server/observability/logger";
import { openAiErrorBody } from "./error-body";
import { OpenAiError } from "./openai-error";

export { badRequest, fromZodError, OpenAiError } from "./openai-error";

// Every way a request to /api/v1 can fail, in OpenAI's words and statuses, so OpenAI clients raise the
// exception their users expect (BadRequestError, AuthenticationError, RateLimitError…). Messages are our
// own readable sentences; nothing internal (stacks, schema dumps) reaches the client.

/** A JSON error response (never cached). */
export function errorResponse(err: OpenAiError): Response {
  return Response.json(openAiErrorBody(err.status, err.message, err.more), {
    status: err.status,
    headers: { "cache-control": "no-store", ...err.more.headers },
  });
}

/** Any failure → the OpenAI error a client should see. Unknown errors are logged and answered 500 without details. */
export function toOpenAiError(err: unknown): OpenAiError {
  if (err instanceof OpenAiError) return err;
  if (isBudgetExceeded(err)) {
    const retry = err.retryAfterMs;
    // A per-minute budget is a rate limit (come back soon); any other budget is a quota (someone must raise it).
    return retry !== undefined
      ? new OpenAiError(429, err.message, { type: "requests", code: "rate_limit_exceeded", headers: { "retry-after": String(Math.ceil(retry / 1000)) } })
      : new OpenAiError(429, err.message, { type: "insufficient_quota", code: "insufficient_quota" });
  }
  if (err instanceof LlmError) return fromLlmError(err);
  if (err instanceof AppError) {
    // A catalog model that cannot be used (disabled provider, unreadable key): the service is unavailable, not the request wrong.
    if (err.code === "PRECONDITION_FAILED") return new OpenAiError(503, err.message, { type: "server_error", code: "model_unavailable" });
    if (err.status < 500) return new OpenAiError(err.status, err.message);
  }
  logger.error({ err }, "OpenAI-compatible endpoint: unexpected failure");
  return new OpenAiError(500, "The server had an error while processing your request. It has been logged; please try again.", { type: "server_error" });
}

function fromLlmError(err: LlmError): OpenAiError {
  const { kind } = err;
  const { providerStatus } = err.details;
  const upstream = { type: "server_error", code: "upstream_error" };
  if (kind === "provider" && providerStatus === 429) return new OpenAiError(429, err.message, { type: "requests", code: "rate_limit_exceeded" });
  // The provider refused the request itself (e.g. the prompt is longer than the model's context window).
  if (kind === "provider" && providerStatus !== undefined && [400, 404, 413, 422].includes(providerStatus)) return new OpenAiError(400, err.message, { code: "upstream_rejected" });
  if (kind === "unreachable" || kind === "timeout") return new OpenAiError(503, err.message, { type: "server_error", code: kind === "timeout" ? "upstream_timeout" : "upstream_unreachable" });
  if (kind === "cancelled") return new OpenAiError(499, err.message, { type: "invalid_request_error", code: "cancelled" });
  return new OpenAiError(502, err.message, upstream);
}
