import "server-only";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// Security headers on every response, and the per-request CSP nonce. Next reads the nonce from the
// *request's* Content-Security-Policy header and puts it on its own scripts, so the same policy is
// set on the request (overwriting anything a client sent) and on the response.

export const NONCE_HEADER = "x-aios-nonce";

/** 122 random bits; randomUUID draws from a cached entropy pool, several times cheaper than randomBytes. */
export function newNonce(): string {
  return Buffer.from(randomUUID().replaceAll("-", ""), "hex").toString("base64");
}

export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': chunks that Next's nonced scripts load are trusted; nothing inline without the nonce.
    // React's dev build needs eval (dev only).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // Style attributes (React inline styles, @xyflow/react, sonner) cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

const PERMISSIONS_POLICY = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "browsing-topics=()"].join(", ");

/** Served over HTTPS: the public URL says so, or a trusted proxy forwarded an HTTPS request. */
export function servedOverHttps(req: IncomingMessage, publicUrl: string, trustProxy: boolean): boolean {
  if (publicUrl.startsWith("https:")) return true;
  const proto = trustProxy ? String(req.headers["x-forwarded-proto"] ?? "").split(",").at(-1)?.trim() : "";
  return proto === "https";
}

export function securityHeaders(csp: string, https: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": csp,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  };
  if (https) headers["strict-transport-security"] = "max-age=31536000";
  return headers;
}

/**
 * Sets the headers just before the status line goes out: every response passes writeHead (Node's
 * implicit header too), so no handler can forget them. API responses are never cached.
 */
export function applySecurityHeaders(res: ServerResponse, headers: Record<string, string>, isApi: boolean): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    if (!res.headersSent) {
      for (const [name, value] of Object.entries(headers)) if (!res.hasHeader(name)) res.setHeader(name, value);
      if (isApi) {
        res.setHeader("cache-control", "no-store");
        // writeHead(status, [message], headers) may carry its own Cache-Control: ours wins.
        const last = args.at(-1);
        if (last && typeof last === "object" && !Array.isArray(last)) {
          for (const key of Object.keys(last)) if (key.toLowerCase() === "cache-control") delete (last as Record<string, unknown>)[key];
        }
      }
    }
    return writeHead(...args);
  }) as ServerResponse["writeHead"];
}
