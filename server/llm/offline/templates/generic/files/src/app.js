// HTTP API for __ENTITIES__ (JSON) plus the static page in public/.
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createStore, validate } from "./store.js";

export const ROUTE = "/api/__ROUTE__";
const PUBLIC_DIR = fileURLToPath(new URL("../public/", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };
const MAX_BODY = 1024 * 1024;

function send(res, status, body, headers = {}) {
  if (status === 204) {
    res.writeHead(204, headers);
    return res.end();
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) return { error: "Body is larger than 1 MB", status: 413 };
    chunks.push(chunk);
  }
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "null") };
  } catch {
    return { error: "Body is not valid JSON", status: 400 };
  }
}

async function serveStatic(pathname, res) {
  const file = normalize(join(PUBLIC_DIR, pathname === "/" ? "index.html" : decodeURIComponent(pathname)));
  if (!file.startsWith(PUBLIC_DIR.endsWith(sep) ? PUBLIC_DIR : PUBLIC_DIR + sep)) return send(res, 404, { error: "Not found" });
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    send(res, 404, { error: "Not found" });
  }
}

export function createApp({ store = createStore() } = {}) {
  return async function handle(req, res) {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/health") return send(res, 200, { ok: true });
    if (url.pathname === ROUTE) {
      if (req.method === "GET") {
        return send(res, 200, store.list({ q: url.searchParams.get("q") ?? undefined, tag: url.searchParams.get("tag") ?? undefined }));
      }
      if (req.method === "POST") {
        const { body, error, status } = await readJson(req);
        if (error) return send(res, status, { error });
        const parsed = validate(body);
        if (!parsed.ok) return send(res, 400, { error: parsed.error });
        const item = store.add(parsed.value);
        return send(res, 201, item, { location: `${ROUTE}/${item.id}` });
      }
      return send(res, 405, { error: "Method not allowed" }, { allow: "GET, POST" });
    }
    if (url.pathname.startsWith(`${ROUTE}/`)) {
      const id = decodeURIComponent(url.pathname.slice(ROUTE.length + 1));
      if (req.method === "GET") {
        const item = store.get(id);
        return item ? send(res, 200, item) : send(res, 404, { error: `No __ENTITY__ with id ${id}` });
      }
      if (req.method === "PATCH") {
        const { body, error, status } = await readJson(req);
        if (error) return send(res, status, { error });
        const parsed = validate(body, { partial: true });
        if (!parsed.ok) return send(res, 400, { error: parsed.error });
        const item = store.update(id, parsed.value);
        return item ? send(res, 200, item) : send(res, 404, { error: `No __ENTITY__ with id ${id}` });
      }
      if (req.method === "DELETE") {
        return store.remove(id) ? send(res, 204) : send(res, 404, { error: `No __ENTITY__ with id ${id}` });
      }
      return send(res, 405, { error: "Method not allowed" }, { allow: "GET, PATCH, DELETE" });
    }
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { error: "Method not allowed" }, { allow: "GET, HEAD" });
    return serveStatic(url.pathname, res);
  };
}
