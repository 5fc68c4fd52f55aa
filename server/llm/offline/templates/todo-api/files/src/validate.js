// Request body validation. Each function returns { ok: true, value } or { ok: false, error }.

export const MAX_TITLE = 200;

function checkTitle(title) {
  if (typeof title !== "string") return "title must be a string";
  const trimmed = title.trim();
  if (!trimmed) return "title must not be empty";
  if (trimmed.length > MAX_TITLE) return `title must be at most ${MAX_TITLE} characters`;
  return null;
}

function checkObject(body, allowed) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return "Body must be a JSON object";
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length) return `Unknown field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`;
  return null;
}

export function parseNewTodo(body) {
  const problem = checkObject(body, ["title", "done"]);
  if (problem) return { ok: false, error: problem };
  const titleProblem = checkTitle(body.title);
  if (titleProblem) return { ok: false, error: titleProblem };
  if (body.done !== undefined && typeof body.done !== "boolean") return { ok: false, error: "done must be true or false" };
  return { ok: true, value: { title: body.title.trim(), done: body.done ?? false } };
}

export function parseTodoPatch(body) {
  const problem = checkObject(body, ["title", "done"]);
  if (problem) return { ok: false, error: problem };
  if (body.title === undefined && body.done === undefined) return { ok: false, error: "Send title and/or done" };
  const value = {};
  if (body.title !== undefined) {
    const titleProblem = checkTitle(body.title);
    if (titleProblem) return { ok: false, error: titleProblem };
    value.title = body.title.trim();
  }
  if (body.done !== undefined) {
    if (typeof body.done !== "boolean") return { ok: false, error: "done must be true or false" };
    value.done = body.done;
  }
  return { ok: true, value };
}
