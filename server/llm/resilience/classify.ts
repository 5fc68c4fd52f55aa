import { APICallError, JSONParseError, RetryError, TypeValidationError } from "ai";
import { parseRetryAfter } from "./retry-after";

// What a failed attempt means for the next one. Only signs of an unhealthy or busy provider are retried
// (429, 5xx, timeouts, connection errors); anything the same request would hit again is not.

export type FailureClass = {
  /** Retry the same model (after a back-off). */
  retry: boolean;
  /** Try the next candidate once this one is given up. */
  fallBack: boolean;
  /** Counts against the model's circuit breaker. */
  unhealthy: boolean;
  retryAfterMs: number | null;
};

const STOP: FailureClass = { retry: false, fallBack: false, unhealthy: false, retryAfterMs: null };

export function classifyFailure(error: unknown, ctx: { timedOut: boolean; cancelled: boolean }, now = Date.now()): FailureClass {
  if (ctx.cancelled) return STOP;
  if (ctx.timedOut) return { retry: true, fallBack: true, unhealthy: true, retryAfterMs: null };
  const err = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(err)) {
    const status = err.statusCode;
    // No status: the request never got an answer (refused, reset, DNS).
    if (status === undefined) return { retry: true, fallBack: true, unhealthy: true, retryAfterMs: null };
    const retryAfterMs = parseRetryAfter(err.responseHeaders, now);
    if (status === 429 || status === 408 || status >= 500) return { retry: true, fallBack: true, unhealthy: true, retryAfterMs };
    // Wrong key, no access to the model, unknown model: this provider cannot serve it, another may.
    if (status === 401 || status === 403 || status === 404) return { retry: false, fallBack: true, unhealthy: false, retryAfterMs: null };
    return STOP;
  }
  // A stream cut before it finished (call-model's TruncatedStreamError): the connection's fault, not the
  // request's. The gateway's delta guard still forbids a retry once text reached the caller.
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "TruncatedStreamError" || isConnectionError(err))) {
    return { retry: true, fallBack: true, unhealthy: true, retryAfterMs: null };
  }
  // A body that is not the protocol's JSON (an HTML error page behind a 200, a garbled stream) comes from
  // a proxy or an overloaded server, like a 5xx; the same request usually reads fine the next time.
  if (JSONParseError.isInstance(err) || TypeValidationError.isInstance(err)) return { retry: true, fallBack: true, unhealthy: true, retryAfterMs: null };
  return STOP;
}

const CONNECTION_CODES = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT/;

function isConnectionError(err: Error): boolean {
  const code = (err as { code?: unknown }).code ?? (err.cause as { code?: unknown } | undefined)?.code;
  return (typeof code === "string" && CONNECTION_CODES.test(code)) || /fetch failed|socket hang up/i.test(err.message);
}
