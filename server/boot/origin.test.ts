import { describe, expect, it } from "vitest";
import { allowedOrigins, checkOrigin, isStateChanging } from "./origin";

const allowed = allowedOrigins("http://localhost:3000", ["https://ops.example.com"]);

describe("checkOrigin", () => {
  it("allows the public URL (either loopback name), the allow-list and Referer fallback", () => {
    expect(checkOrigin({ origin: "http://localhost:3000", cookie: "s=1" }, allowed, true).ok).toBe(true);
    expect(checkOrigin({ origin: "http://127.0.0.1:3000", cookie: "s=1" }, allowed, true).ok).toBe(true);
    expect(checkOrigin({ origin: "https://ops.example.com", cookie: "s=1" }, allowed, true).ok).toBe(true);
    expect(checkOrigin({ referer: "http://localhost:3000/projects/1", cookie: "s=1" }, allowed, true).ok).toBe(true);
  });

  it("refuses other ports, other sites, opaque origins and a cookie without any origin", () => {
    for (const origin of ["http://localhost:3001", "http://127.0.0.1:4000", "http://evil.localtest", "null"]) {
      const verdict = checkOrigin({ origin, cookie: "s=1" }, allowed, true);
      expect(verdict.ok, origin).toBe(false);
      if (!verdict.ok) expect(verdict.message).toMatch(/not allowed/);
    }
    expect(checkOrigin({ referer: "http://evil.localtest/page" }, allowed, true).ok).toBe(false);
    const missing = checkOrigin({ cookie: "s=1" }, allowed, true);
    expect(missing).toMatchObject({ ok: false, reason: "origin_missing" });
    expect(checkOrigin({ cookie: "s=1", "sec-fetch-site": "same-site" }, allowed, false).ok).toBe(false);
  });

  it("lets cookie-less requests through (nothing to forge), Bearer API keys included", () => {
    expect(checkOrigin({}, allowed, true).ok).toBe(true);
    expect(checkOrigin({ authorization: "Bearer aios_k" }, allowed, true).ok).toBe(true);
    expect(checkOrigin({ authorization: "Bearer aios_k", cookie: "s=1" }, allowed, true).ok).toBe(false);
    // The socket handshake (a GET) from a same-origin page carries no Origin.
    expect(checkOrigin({ cookie: "s=1" }, allowed, false).ok).toBe(true);
  });

  it("treats only GET, HEAD and OPTIONS as safe", () => {
    expect(["POST", "PUT", "PATCH", "DELETE"].every(isStateChanging)).toBe(true);
    expect(["GET", "HEAD", "OPTIONS"].some(isStateChanging)).toBe(false);
  });
});
