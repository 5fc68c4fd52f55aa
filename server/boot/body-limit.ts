import "server-only";
import type { IncomingMessage } from "node:http";

// Request bodies are capped before Next reads them: a declared Content-Length over the cap is refused
// at once, and a chunked body is counted as it arrives and cut off when it grows past the cap. The
// rest of an oversized body is read and dropped (never kept) so the client still sees the 413; a
// sender that keeps going is disconnected.

export type BodyLimits = { default: number; chat: number };

const DISCARD_MAX_MS = 5_000;
const DISCARD_MAX_FACTOR = 32;

export function bodyLimitFor(path: string, limits: BodyLimits): number {
  // Chat and the OpenAI-compatible endpoint carry whole conversations: they get the larger chat limit.
  const chat = path === "/api/chat" || path.startsWith("/api/chat/") || path === "/api/v1" || path.startsWith("/api/v1/");
  return chat ? limits.chat : limits.default;
}

function describe(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

export function tooLargeMessage(limit: number): string {
  return `The request body is larger than this endpoint accepts (${describe(limit)} at most).`;
}

/** Reads and drops the rest of a refused request's body; disconnects a sender that keeps going. */
export function discardBody(req: IncomingMessage, limit: number): void {
  const socket = req.socket;
  const timer = setTimeout(() => {
    if (!req.complete) socket.destroy();
  }, DISCARD_MAX_MS);
  timer.unref();
  let dropped = 0;
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit * DISCARD_MAX_FACTOR) socket.destroy();
  });
  req.once("end", () => clearTimeout(timer));
  req.resume();
}

/** The declared length is over the limit: answer 413 without handing the request to Next. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * Counts the body as the HTTP parser delivers it (the parser calls `req.push` for every chunk). Past
 * the limit: `onExceeded` answers 413, the reader (Next) gets an error, and later chunks are dropped.
 * An error, not an early end: a cut-off body can still be valid JSON (`{…}` + padding), and the
 * handler must not act on it.
 */
export function capStreamedBody(req: IncomingMessage, limit: number, onExceeded: () => void): void {
  const push = req.push.bind(req);
  let received = 0;
  let cut = false;
  let dropped = 0;
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (cut) {
      if (chunk && (dropped += (chunk as Buffer).length) > limit * DISCARD_MAX_FACTOR) req.socket.destroy();
      return true;
    }
    if (chunk !== null && chunk !== undefined) {
      received += (chunk as Buffer).length;
      if (received > limit) {
        cut = true;
        onExceeded();
        const timer = setTimeout(() => {
          if (!req.complete) req.socket.destroy();
        }, DISCARD_MAX_MS);
        timer.unref();
        // Only a reader that is listening can be told; one that is not will see the socket close.
        if (req.listenerCount("error") > 0) req.emit("error", Object.assign(new Error("The request body is too large."), { code: "AIOS_BODY_TOO_LARGE" }));
        return true; // keep reading (and dropping) so the connection stays usable
      }
    }
    return push(chunk, encoding);
  };
}
