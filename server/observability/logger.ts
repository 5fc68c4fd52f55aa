import "server-only";
import pino from "pino";
import { env } from "@/server/env";

// Structured logs. Secrets never reach them: known secret-bearing fields are redacted.
const g = globalThis as { __aiosLogger?: pino.Logger };
export const logger: pino.Logger = (g.__aiosLogger ??= pino({
  level: env.NODE_ENV === "test" && env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL,
  base: { pid: process.pid },
  redact: {
    paths: [
      "password",
      "*.password",
      "token",
      "*.token",
      "secret",
      "*.secret",
      "apiKey",
      "*.apiKey",
      "cookie",
      "*.cookie",
      "authorization",
      "*.authorization",
      // Request and response headers, also one level down (err.headers, req.headers, err.response.headers).
      ...["headers", "*.headers", "*.*.headers"].flatMap((h) =>
        ["cookie", "authorization", '["set-cookie"]', '["x-api-key"]', '["proxy-authorization"]'].map((k) => `${h}${k.startsWith("[") ? "" : "."}${k}`),
      ),
    ],
    censor: "[redacted]",
  },
}));
