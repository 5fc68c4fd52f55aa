import "server-only";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { logger } from "@/server/observability/logger";
import { bodyLimitFor, capStreamedBody, declaredTooLarge, discardBody, tooLargeMessage, type BodyLimits } from "./body-limit";
import { isJson, JSON_REQUIRED_MESSAGE, requiresJson } from "./content-type";
import { allowedOrigins, checkOrigin, isStateChanging } from "./origin";
import { redactPath, redactUrl } from "./redact-url";
import { ignoreLaterWrites, sendProblem } from "./respond";
import { applySecurityHeaders, contentSecurityPolicy, newNonce, NONCE_HEADER, securityHeaders, servedOverHttps } from "./security-headers";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
type Refusal = { status: number; reason: string; message: string };
const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

export type HttpOptions = {
  trustProxy: boolean;
  publicUrl: string;
  allowedOrigins: string[];
  bodyLimits: BodyLimits;
  dev: boolean;
};

/**
 * Wraps Next's handler; every HTTP request passes here first: a request id, the client IP taken from
 * the socket (a client-sent x-aios-client-ip is overwritten, so rate limits cannot be dodged),
 * security headers and the CSP nonce, the origin and content-type checks on state-changing requests,
 * body limits, and one log line per request with secrets redacted.
 */
export function withRequestContext(handle: Handler, opts: HttpOptions): Handler {
  const allowed = allowedOrigins(opts.publicUrl, opts.allowedOrigins);
  return (req, res) => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    // The last entry is the one our proxy added (what it saw); earlier ones are whatever the client wrote.
    const forwarded = opts.trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",").at(-1)?.trim() : "";
    const ip = forwarded || req.socket.remoteAddress || "unknown";
    req.headers["x-request-id"] = requestId;
    req.headers["x-aios-client-ip"] = ip;
    res.setHeader("x-request-id", requestId);

    const url = req.url ?? "/";
    const path = url.split("?")[0]!;
    const https = servedOverHttps(req, opts.publicUrl, opts.trustProxy);
    const nonce = newNonce();
    const csp = contentSecurityPolicy(nonce, { dev: opts.dev, https });
    // Next takes the nonce for its scripts from the request's CSP header; a client's own is replaced.
    req.headers["content-security-policy"] = csp;
    delete req.headers["content-security-policy-report-only"];
    req.headers[NONCE_HEADER] = nonce;
    applySecurityHeaders(res, securityHeaders(csp, https), path.startsWith("/api/"));

    const started = performance.now();
    res.on("finish", () => {
      if (url.startsWith("/_next/") || url.startsWith("/favicon")) return;
      const query = url.includes("?") ? redactUrl(url).split("?")[1] : undefined;
      logger.info(
        { requestId, method: req.method, path: redactPath(path), query, status: res.statusCode, ms: Math.round(performance.now() - started) },
        "request",
      );
    });

    const refuse = (status: number, reason: string, message: string) => {
      logger.warn(
        { security: { event: "http_refused", reason, status, method: req.method, path: redactPath(path), origin: req.headers.origin, ip, requestId } },
        `request refused: ${message}`,
      );
      sendProblem(res, status, message, path);
    };
    const limit = bodyLimitFor(path, opts.bodyLimits);
    const refusal = refusalFor(req, path, allowed, limit);
    if (refusal) {
      refuse(refusal.status, refusal.reason, refusal.message);
      return discardBody(req, limit);
    }
    capStreamedBody(req, limit, () => {
      refuse(413, "body_too_large", tooLargeMessage(limit));
      ignoreLaterWrites(res);
    });
    return handle(req, res);
  };
}

/** Why the HTTP layer refuses a request from its headers alone (origin, content type, declared size). */
function refusalFor(req: IncomingMessage, path: string, allowed: Set<string>, limit: number): Refusal | null {
  // Next decodes dynamic path segments itself and answers a bad %-escape with a bare 500.
  if (!decodablePath(path)) return { status: 400, reason: "malformed_path", message: "The address is not valid (a malformed %-escape or a NUL character)." };
  if (isStateChanging(req.method)) {
    const verdict = checkOrigin(req.headers, allowed, true);
    if (!verdict.ok) return { status: 403, reason: verdict.reason, message: verdict.message };
    if (requiresJson(path) && !isJson(req.headers)) return { status: 415, reason: "content_type_not_json", message: JSON_REQUIRED_MESSAGE };
  }
  if (declaredTooLarge(req, limit)) return { status: 413, reason: "body_too_large", message: tooLargeMessage(limit) };
  return null;
}

function decodablePath(path: string): boolean {
  try {
    return !decodeURIComponent(path).includes("\u0000");
  } catch {
    return false;
  }
}

/**
 * `Expect: 100-continue` (curl and other clients with large bodies): a request the HTTP layer will
 * refuse gets its answer instead of "100 Continue", so the body is never sent at all.
 */
export function answerExpectContinue(server: Server, opts: HttpOptions): void {
  const allowed = allowedOrigins(opts.publicUrl, opts.allowedOrigins);
  server.on("checkContinue", (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (!path.startsWith("/socket.io/") && refusalFor(req, path, allowed, bodyLimitFor(path, opts.bodyLimits))) {
      res.shouldKeepAlive = false; // the body will not come: close after the answer
    } else {
      res.writeContinue();
    }
    server.emit("request", req, res);
  });
}
