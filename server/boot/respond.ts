import "server-only";
import type { ServerResponse } from "node:http";
import { isOpenAiPath, openAiErrorBody } from "@/server/integrations/openai/error-body";

/**
 * A refusal from the HTTP layer: JSON with one readable sentence, never cached. On the OpenAI-compatible
 * endpoint (/api/v1) in OpenAI's error format, which its clients turn into their typed errors.
 */
export function sendProblem(res: ServerResponse, status: number, message: string, path = ""): void {
  if (res.headersSent || res.writableEnded) return;
  const body = JSON.stringify(isOpenAiPath(path) ? openAiErrorBody(status, message) : { error: message });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}

/**
 * After the HTTP layer answered on its own (a body cut off mid-stream), Next may still be handling
 * the request: its later writes go nowhere instead of throwing "headers already sent".
 */
export function ignoreLaterWrites(res: ServerResponse): void {
  const self = res as unknown as Record<string, unknown>;
  for (const name of ["setHeader", "appendHeader", "removeHeader", "writeHead", "flushHeaders"]) self[name] = () => res;
  self.write = (...args: unknown[]) => {
    const cb = args.find((a) => typeof a === "function") as (() => void) | undefined;
    cb?.();
    return true;
  };
  self.end = (...args: unknown[]) => {
    const cb = args.find((a) => typeof a === "function") as (() => void) | undefined;
    cb?.();
    return res;
  };
}
