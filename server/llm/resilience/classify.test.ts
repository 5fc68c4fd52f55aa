import { APICallError, JSONParseError } from "ai";
import { describe, expect, it } from "vitest";
import { classifyFailure } from "./classify";

const apiError = (statusCode: number | undefined, responseHeaders?: Record<string, string>) =>
  new APICallError({ message: "x", url: "http://127.0.0.1/v1/chat/completions", requestBodyValues: {}, statusCode, responseHeaders });
const plain = { timedOut: false, cancelled: false };

describe("which failures are retried", () => {
  it("retries 429 and 5xx, with the provider's Retry-After", () => {
    expect(classifyFailure(apiError(429, { "retry-after": "2" }), plain)).toEqual({ retry: true, fallBack: true, unhealthy: true, retryAfterMs: 2_000 });
    expect(classifyFailure(apiError(503), plain)).toMatchObject({ retry: true, fallBack: true, unhealthy: true, retryAfterMs: null });
  });

  it("retries timeouts and connection errors", () => {
    expect(classifyFailure(new Error("aborted"), { timedOut: true, cancelled: false })).toMatchObject({ retry: true, unhealthy: true });
    expect(classifyFailure(apiError(undefined), plain)).toMatchObject({ retry: true, unhealthy: true });
    expect(classifyFailure(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }), plain)).toMatchObject({ retry: true });
    const truncated = Object.assign(new Error("The model's answer stream ended before it finished"), { name: "TruncatedStreamError" });
    expect(classifyFailure(truncated, plain)).toMatchObject({ retry: true, fallBack: true, unhealthy: true });
  });

  it("retries an answer that is not the protocol's JSON (an error page behind a 200), like a 5xx", () => {
    const garbage = new JSONParseError({ text: "<html><body>502 Bad Gateway</body></html>", cause: new SyntaxError("Unexpected token '<'") });
    expect(classifyFailure(garbage, plain)).toEqual({ retry: true, fallBack: true, unhealthy: true, retryAfterMs: null });
  });

  it("moves to another model, without retrying, when this one is not available to us", () => {
    expect(classifyFailure(apiError(401), plain)).toEqual({ retry: false, fallBack: true, unhealthy: false, retryAfterMs: null });
    expect(classifyFailure(apiError(404), plain)).toMatchObject({ retry: false, fallBack: true });
  });

  it("stops on what the same request would hit again, and on cancellation", () => {
    expect(classifyFailure(apiError(400), plain)).toMatchObject({ retry: false, fallBack: false });
    expect(classifyFailure(new Error("schema mismatch"), plain)).toMatchObject({ retry: false, fallBack: false });
    expect(classifyFailure(apiError(500), { timedOut: false, cancelled: true })).toMatchObject({ retry: false, fallBack: false });
  });
});
