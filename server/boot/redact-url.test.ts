import { describe, expect, it } from "vitest";
import { redactPath, redactUrl } from "./redact-url";

describe("redactUrl", () => {
  it("hides invite tokens in paths", () => {
    expect(redactPath("/invite/abcDEF123_-xyz")).toBe("/invite/[redacted]");
    expect(redactUrl("/invite/abcDEF123_-xyz?x=1")).toBe("/invite/[redacted]?x=1");
  });

  it("hides secret-like query parameters and keeps the rest", () => {
    const out = redactUrl("/api/auth/callback/github?code=c0de&state=st4te&x=plain&api_key=k3y&password=pw&access_token=t");
    expect(out).toBe("/api/auth/callback/github?code=[redacted]&state=[redacted]&x=plain&api_key=[redacted]&password=[redacted]&access_token=[redacted]");
  });

  it("redacts inside a callbackUrl that carries a token", () => {
    const out = redactUrl(`/sign-in?callbackUrl=${encodeURIComponent("http://localhost:3000/invite/s3cr3tTok?token=abc")}`);
    expect(out).not.toMatch(/s3cr3tTok|abc/);
    expect(decodeURIComponent(out)).toBe("/sign-in?callbackUrl=http://localhost:3000/invite/[redacted]?token=[redacted]");
  });

  it("logs only the length of structured values such as tRPC input", () => {
    const input = JSON.stringify({ json: { token: "inv1te-t0ken" } });
    expect(redactUrl(`/api/trpc/invites.get?input=${encodeURIComponent(input)}`)).toBe(`/api/trpc/invites.get?input=[${input.length} characters]`);
  });
});
