import "server-only";
import { STATUS_CODES } from "node:http";
import { APICallError, JSONParseError, NoObjectGeneratedError, NoOutputGeneratedError, RetryError, TypeValidationError } from "ai";
import { AppError, type AppErrorCode } from "@/server/errors";

/** "unavailable": every candidate model's circuit breaker was open, so nothing was sent. */
export type LlmErrorKind = "provider" | "unreachable" | "timeout" | "cancelled" | "bad-output" | "unavailable" | "other";

/**
 * A failed model call, already recorded as an LlmCall with status "error". The message is meant for
 * people (it shows in the task timeline and in chat). Codes: a provider's 429 stays 429; anything else
 * is PRECONDITION_FAILED, because the tRPC layer hides 5xx messages and this one must reach the person
 * (AppErrorCode has no 502 yet).
 */
export class LlmError extends AppError {
  constructor(
    message: string,
    readonly kind: LlmErrorKind,
    readonly details: {
      provider: string;
      modelId: string;
      llmCallId: string;
      /** HTTP status the provider answered with, if it answered. */
      providerStatus?: number;
      /** Worth retrying later (rate limit, overload, connection). */
      retryable: boolean;
      cause: unknown;
      /** Attempts this call made (retries and fallbacks included). */
      attempts?: number;
    },
  ) {
    super(llmErrorCode(kind, details.providerStatus), message);
    this.name = "LlmError";
  }
}

const llmErrorCode = (kind: LlmErrorKind, status?: number): AppErrorCode =>
  kind === "provider" && status === 429 ? "TOO_MANY_REQUESTS" : "PRECONDITION_FAILED";

const MAX_DETAIL = 300;

/** A person-readable description of what went wrong, and how to classify it. */
export function describeFailure(
  error: unknown,
  opts: { cancelledByCaller?: boolean; timedOutAfterMs?: number } = {},
): {
  message: string;
  kind: LlmErrorKind;
  providerStatus?: number;
  retryable: boolean;
} {
  let attempts = 1;
  let err = error;
  if (RetryError.isInstance(err)) {
    attempts = err.errors.length;
    err = err.lastError;
  }
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : "";
  if (opts.cancelledByCaller || (err instanceof Error && err.name === "AbortError")) {
    return { message: "The model call was cancelled.", kind: "cancelled", retryable: false };
  }
  if (opts.timedOutAfterMs !== undefined) {
    return { message: `The model provider did not answer within ${formatSeconds(opts.timedOutAfterMs)}.`, kind: "timeout", retryable: true };
  }
  if (err instanceof Error && err.name === "TruncatedStreamError") {
    // Already a sentence for people (call-model.ts): the provider's stream stopped half way.
    return { message: clip(err.message), kind: "provider", retryable: true };
  }
  if (err instanceof Error && err.name === "TimeoutError") {
    return { message: "The model provider did not answer in time.", kind: "timeout", retryable: true };
  }
  if (APICallError.isInstance(err)) {
    if (err.statusCode === undefined) {
      const host = safeHost(err.url);
      return {
        message: `Could not reach the model provider${host ? ` at ${host}` : ""}${tries}: ${clip(err.message)}`,
        kind: "unreachable",
        retryable: true,
      };
    }
    const statusText = STATUS_CODES[err.statusCode] ?? "";
    const detail = clip(err.message);
    const extra = detail && detail.toLowerCase() !== statusText.toLowerCase() ? `: ${detail}` : "";
    return {
      message: `The model provider returned an error${tries}: ${err.statusCode} ${statusText}${extra}`.trim(),
      kind: "provider",
      providerStatus: err.statusCode,
      retryable: err.isRetryable,
    };
  }
  if (NoObjectGeneratedError.isInstance(err)) {
    return {
      message: `The model's answer did not match the expected format: ${clip(causeMessage(err))}`,
      kind: "bad-output",
      retryable: true,
    };
  }
  if (NoOutputGeneratedError.isInstance(err)) {
    return { message: "The model returned no answer in the expected format.", kind: "bad-output", retryable: true };
  }
  // The AI SDK's parse errors quote the provider's whole body (an HTML error page, garbage): say what
  // happened, never the body.
  if (JSONParseError.isInstance(err) || TypeValidationError.isInstance(err)) {
    return { message: `The model provider sent an answer that could not be read${tries} (${unreadable(err)}).`, kind: "provider", retryable: true };
  }
  return { message: `The model call failed: ${clip(err instanceof Error ? err.message : String(err))}`, kind: "other", retryable: false };
}

const unreadable = (err: unknown) => (JSONParseError.isInstance(err) ? "not the JSON its protocol uses" : "not in the shape its protocol uses");

const formatSeconds = (ms: number) => {
  const s = Math.round(ms / 100) / 10;
  return `${Number.isInteger(s) ? s.toFixed(0) : s} s`;
};

function causeMessage(err: NoObjectGeneratedError): string {
  const cause = err.cause;
  if (JSONParseError.isInstance(cause)) return "it was not valid JSON";
  if (TypeValidationError.isInstance(cause)) return "its values did not fit the schema";
  return cause instanceof Error ? cause.message : err.message;
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_DETAIL ? `${oneLine.slice(0, MAX_DETAIL - 1)}…` : oneLine;
}
