import "server-only";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "@/server/observability/logger";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * Wraps Next's handler: a request id on every request and response, the client IP taken from the
 * socket (a client-sent x-aios-client-ip is overwritten, so rate limits cannot be dodged), one log
 * line per request.
 */
export function withRequestContext(handle: Handler, opts: { trustProxy: boolean }): Handler {
  return (req, res) => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const forwarded = opts.trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim() : "";
    req.headers["x-request-id"] = requestId;
    req.headers["x-aios-client-ip"] = forwarded || req.socket.remoteAddress || "unknown";
    res.setHeader("x-request-id", requestId);
    const started = performance.now();
    res.on("finish", () => {
      const url = req.url ?? "";
      if (url.startsWith("/_next/") || url.startsWith("/favicon")) return;
      logger.info(
        { requestId, method: req.method, path: url.split("?")[0], status: res.statusCode, ms: Math.round(performance.now() - started) },
        "request",
      );
    });
    return handle(req, res);
  };
}
