import { createStore } from "./store.js";
import { parseNewTodo, parseTodoPatch } from "./validate.js";

const MAX_BODY = 1024 * 1024;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function send(res, status, body, headers = {}) {
  if (status === 204) {
    res.writeHead(204, headers);
    return res.end();
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, "Body is larger than 1 MB");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
  } catch {
    throw new HttpError(400, "Body is not valid JSON");
  }
}

function parseDoneFilter(value) {
  if (value === null) return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw new HttpError(400, "done must be true or false");
}

/** The HTTP handler for the todo API. */
export function createApp({ store = createStore() } = {}) {
  async function route(req, res) {
    const url = new URL(req.url ?? "/", "http://localhost");
    const parts = url.pathname.split("/").filter(Boolean);

    if (url.pathname === "/health") {
      if (req.method !== "GET") return send(res, 405, { error: "Method not allowed" }, { allow: "GET" });
      return send(res, 200, { ok: true });
    }
    if (parts[0] !== "todos" || parts.length > 2) throw new HttpError(404, "Not found");

    if (parts.length === 1) {
      if (req.method === "GET") return send(res, 200, store.list({ done: parseDoneFilter(url.searchParams.get("done")) }));
      if (req.method === "POST") {
        const parsed = parseNewTodo(await readJson(req));
        if (!parsed.ok) throw new HttpError(400, parsed.error);
        const todo = store.create(parsed.value);
        return send(res, 201, todo, { location: `/todos/${todo.id}` });
      }
      return send(res, 405, { error: "Method not allowed" }, { allow: "GET, POST" });
    }

    const id = decodeURIComponent(parts[1]);
    if (req.method === "GET") {
      const todo = store.get(id);
      if (!todo) throw new HttpError(404, `Todo ${id} not found`);
      return send(res, 200, todo);
    }
    if (req.method === "PATCH") {
      const parsed = parseTodoPatch(await readJson(req));
      if (!parsed.ok) throw new HttpError(400, parsed.error);
      const todo = store.update(id, parsed.value);
      if (!todo) throw new HttpError(404, `Todo ${id} not found`);
      return send(res, 200, todo);
    }
    if (req.method === "DELETE") {
      if (!store.remove(id)) throw new HttpError(404, `Todo ${id} not found`);
      return send(res, 204);
    }
    return send(res, 405, { error: "Method not allowed" }, { allow: "GET, PATCH, DELETE" });
  }

  return async function handle(req, res) {
    try {
      await route(req, res);
    } catch (err) {
      if (err instanceof HttpError) return send(res, err.status, { error: err.message });
      console.error(err);
      send(res, 500, { error: "Internal server error" });
    }
  };
}
