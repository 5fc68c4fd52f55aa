import { describe, expect, it } from "vitest";
import { linkBase } from "./invite-address";

const unset = { publicUrl: "http://localhost:3000", publicUrlSet: false, trustProxy: false, allowedOrigins: ["https://aios.lan.example"] };
const h = (init: Record<string, string>) => new Headers(init);

describe("the address invite links point at", () => {
  it("is AIOS_PUBLIC_URL whenever it is set, whatever the request says", () => {
    const set = { ...unset, publicUrl: "https://aios.example.com", publicUrlSet: true };
    expect(linkBase(h({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }), set)).toEqual({ baseUrl: "https://aios.example.com", publicUrlSet: true });
  });

  it("is the address the admin is using when AIOS_PUBLIC_URL is unset", () => {
    expect(linkBase(h({ origin: "http://127.0.0.1:3000" }), unset)).toEqual({ baseUrl: "http://127.0.0.1:3000", publicUrlSet: false });
    expect(linkBase(h({ host: "[::1]:3000" }), unset).baseUrl).toBe("http://[::1]:3000");
    expect(linkBase(h({ origin: "https://aios.lan.example" }), unset).baseUrl).toBe("https://aios.lan.example");
  });

  it("reads X-Forwarded-Host and -Proto only behind a trusted proxy", () => {
    const forwarded = h({ "x-forwarded-host": "aios.lan.example", "x-forwarded-proto": "https", host: "10.0.0.2:3000" });
    expect(linkBase(forwarded, { ...unset, trustProxy: true }).baseUrl).toBe("https://aios.lan.example");
    expect(linkBase(forwarded, unset).baseUrl).toBe("http://localhost:3000");
  });

  it("never points at an address the server does not answer for (a forged Host or Origin)", () => {
    for (const headers of [
      h({ host: "evil.example" }),
      h({ origin: "https://evil.example", host: "evil.example" }),
      h({ host: "localhost:3000@evil.example" }),
      h({ origin: "http://127.0.0.1:3000/path" }),
      h({ origin: "javascript://127.0.0.1:3000" }),
      h({ host: "127.0.0.1:3000\r\nx: y".replace(/[\r\n]/g, " ") }),
    ]) {
      expect(linkBase(headers, unset)).toEqual({ baseUrl: "http://localhost:3000", publicUrlSet: false });
    }
  });

  it("falls back to the configured default for server-side callers (no request)", () => {
    expect(linkBase(undefined, unset)).toEqual({ baseUrl: "http://localhost:3000", publicUrlSet: false });
  });
});
