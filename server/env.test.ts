import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("configuration", () => {
  it("defaults to embedded mode with nothing set", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ mode: "embedded", PORT: 3000, publicUrl: "http://localhost:3000", AIOS_TRUST_PROXY: false });
    expect(env.dataDir).toMatch(/\.aios$/);
  });

  it("switches to server mode with a Postgres URL", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u@db:5432/aios" }).mode).toBe("server");
    expect(parseEnv({ DATABASE_URL: "  " }).mode).toBe("embedded");
  });

  it("lists every bad value in one readable message", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", PORT: "eighty", NEXTAUTH_SECRET: "short", LOG_LEVEL: "loud" })).toThrow(
      /DATABASE_URL: must start with postgres:\/\/[\s\S]*PORT:[\s\S]*NEXTAUTH_SECRET: must be at least 32 characters[\s\S]*LOG_LEVEL:/,
    );
  });
});
