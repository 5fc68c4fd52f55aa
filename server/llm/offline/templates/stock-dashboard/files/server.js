import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMarket } from "./src/prices.js";

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));
const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

async function serveStatic(root, pathname, res) {
  const relative = pathname === "/" ? "index.html" : decodeURIComponent(pathname).replace(/^\/+/, "");
  const file = normalize(join(root, relative));
  // Never serve anything outside the public folder (e.g. /%2e%2e/server.js).
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    return sendJson(res, 404, { error: "Not found" });
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    sendJson(res, 404, { error: "Not found" });
  }
}

/**
 * The request handler. Prices advance one tick every `tickMs` since the app started; `now` is injectable
 * so tests can move time forward without waiting, and `publicDir` so they can serve their own files.
 */
export function createApp({ market = createMarket(), tickMs = 2000, now = Date.now, publicDir = PUBLIC_DIR } = {}) {
  const startedAt = now();
  return async function handle(req, res) {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "GET" && req.method !== "HEAD") {
      return sendJson(res, 405, { error: "Method not allowed" }, { allow: "GET, HEAD" });
    }
    if (url.pathname === "/api/prices" || url.pathname.startsWith("/api/prices/")) {
      market.advanceTo(Math.floor((now() - startedAt) / tickMs));
      const asOf = new Date(now()).toISOString();
      const symbol = decodeURIComponent(url.pathname.slice("/api/prices/".length)).toUpperCase();
      if (!symbol) return sendJson(res, 200, { asOf, tick: market.tick, quotes: market.quotes() });
      const quote = market.quotes().find((q) => q.symbol === symbol);
      if (!quote) return sendJson(res, 404, { error: `Unknown symbol ${symbol}` });
      return sendJson(res, 200, { asOf, tick: market.tick, quote });
    }
    return serveStatic(publicDir, url.pathname, res);
  };
}

export function startServer({ port = 3000, ...options } = {}) {
  const server = createServer(createApp(options));
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startServer({ port: Number(process.env.PORT ?? 3000) });
  console.log(`Stock dashboard on http://localhost:${server.address().port}`);
}
