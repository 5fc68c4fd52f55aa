// Test stand-in for a provider's model list (GET /v1/models), for "Test connection": answers with a
// list, a status, garbage or silence, and records the headers it was sent (to check the key went there).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ModelsBehaviour =
  | { list: string[]; requireKey?: string }
  | { status: number; body?: string }
  | { raw: string }
  | { hang: true };

export type ModelsLoopback = { url: string; seen: IncomingHttpHeaders[]; set(b: ModelsBehaviour): void; close(): Promise<void> };

export async function startLoopbackModels(initial: ModelsBehaviour): Promise<ModelsLoopback> {
  let behaviour = initial;
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.method !== "GET" || !req.url?.startsWith("/v1/models")) {
      res.writeHead(404).end("not found");
      return;
    }
    const b = behaviour;
    if ("hang" in b) return; // never answers
    if ("raw" in b) {
      res.writeHead(200, { "content-type": "text/html" }).end(b.raw);
      return;
    }
    if ("status" in b) {
      res.writeHead(b.status, { "content-type": "application/json" }).end(b.body ?? JSON.stringify({ error: { message: "refused" } }));
      return;
    }
    const key = req.headers.authorization?.replace(/^Bearer /, "") ?? req.headers["x-api-key"];
    if (b.requireKey && key !== b.requireKey) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `Incorrect API key provided: ${String(key)}` } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: b.list.map((id) => ({ id, object: "model", owned_by: "loopback" })) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    set: (b) => {
      behaviour = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
