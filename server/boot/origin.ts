import "server-only";
import type { IncomingHttpHeaders } from "node:http";

// CSRF defence by origin: a browser names the page that sent a request (Origin, else Referer); only
// our own pages and the configured allow-list may change state with the user's cookie.

export type OriginVerdict = { ok: true } | { ok: false; reason: string; message: string };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins allowed to send state-changing requests: the public URL's and the allow-list's. */
export function allowedOrigins(publicUrl: string, extra: string[]): Set<string> {
  const allowed = new Set<string>();
  for (const raw of [publicUrl, ...extra]) {
    const url = new URL(raw);
    allowed.add(url.origin);
    // A loopback install is reached as localhost or 127.0.0.1 alike; same port only.
    if (LOOPBACK.has(url.hostname)) for (const host of LOOPBACK) allowed.add(`${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`);
  }
  return allowed;
}

export function isStateChanging(method: string | undefined): boolean {
  return !SAFE_METHODS.has((method ?? "GET").toUpperCase());
}

function senderOrigin(headers: IncomingHttpHeaders): string | null {
  const origin = headers.origin;
  if (typeof origin === "string" && origin !== "") return origin;
  const referer = headers.referer;
  if (typeof referer !== "string" || referer === "") return null;
  try {
    return new URL(referer).origin;
  } catch {
    return "invalid";
  }
}

/**
 * Decides whether a request may act with the caller's cookie. `requireOrigin`: a state-changing HTTP
 * request that carries a cookie must name its origin (every current browser sends Origin on POST);
 * the Socket.IO handshake is a GET, which browsers send without Origin when it is same-origin.
 */
export function checkOrigin(headers: IncomingHttpHeaders, allowed: Set<string>, requireOrigin: boolean): OriginVerdict {
  // Requests authenticated without cookies (API keys in Authorization) cannot be forged by a page.
  if (!headers.cookie && /^Bearer\s/i.test(headers.authorization ?? "")) return { ok: true };

  const origin = senderOrigin(headers);
  if (origin !== null) {
    if (allowed.has(origin)) return { ok: true };
    return { ok: false, reason: "origin_not_allowed", message: `Requests from ${origin === "null" ? "an opaque origin" : clip(origin)} are not allowed. Open AIOS at its own address, or add that origin to AIOS_ALLOWED_ORIGINS.` };
  }
  // No Origin and no Referer: a browser that says the request crossed sites is refused outright.
  const site = headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") {
    return { ok: false, reason: "origin_missing_cross_site", message: "Cross-site requests without an Origin header are not allowed." };
  }
  if (requireOrigin && headers.cookie) {
    return { ok: false, reason: "origin_missing", message: "This request carries a session cookie but no Origin header, so it is refused. Send the Origin header of the page that makes it." };
  }
  return { ok: true };
}

/** An origin as echoed in a message: whatever a client sent, at most a line long. */
function clip(origin: string): string {
  return origin.length > 100 ? `${origin.slice(0, 100)}…` : origin;
}
