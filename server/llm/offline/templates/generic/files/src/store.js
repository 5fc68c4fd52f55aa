// The __ENTITIES__ collection: validation and an in-memory store with an optional JSON file behind it.
import { readFileSync, writeFileSync } from "node:fs";

export const KIND = "__ENTITY__";
export const MAX_TITLE = 200;
export const MAX_NOTES = 2000;
export const MAX_TAGS = 10;

/** Validates a new entry (partial: a change to an existing one). Returns { ok, value } or { ok, error }. */
export function validate(input, { partial = false } = {}) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return { ok: false, error: "Expected a JSON object" };
  const unknown = Object.keys(input).filter((k) => !["title", "notes", "tags"].includes(k));
  if (unknown.length) return { ok: false, error: `Unknown field: ${unknown.join(", ")}` };
  const value = {};
  if (input.title !== undefined || !partial) {
    if (typeof input.title !== "string" || !input.title.trim()) return { ok: false, error: "title is required" };
    if (input.title.trim().length > MAX_TITLE) return { ok: false, error: `title must be at most ${MAX_TITLE} characters` };
    value.title = input.title.trim();
  }
  if (input.notes !== undefined) {
    if (typeof input.notes !== "string") return { ok: false, error: "notes must be a string" };
    if (input.notes.length > MAX_NOTES) return { ok: false, error: `notes must be at most ${MAX_NOTES} characters` };
    value.notes = input.notes;
  }
  if (input.tags !== undefined) {
    if (!Array.isArray(input.tags) || !input.tags.every((t) => typeof t === "string" && t.trim())) {
      return { ok: false, error: "tags must be a list of words" };
    }
    if (input.tags.length > MAX_TAGS) return { ok: false, error: `at most ${MAX_TAGS} tags` };
    value.tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()))];
  }
  if (partial && Object.keys(value).length === 0) return { ok: false, error: "Nothing to change" };
  return { ok: true, value };
}

/** A store of __ENTITIES__. With `file`, every change is saved to that JSON file and loaded at start. */
export function createStore({ file, now = () => new Date() } = {}) {
  let items = [];
  let nextId = 1;
  if (file) {
    try {
      const saved = JSON.parse(readFileSync(file, "utf8"));
      items = saved.items ?? [];
      nextId = saved.nextId ?? items.length + 1;
    } catch (err) {
      if (err.code !== "ENOENT") throw err;
    }
  }
  const save = () => file && writeFileSync(file, `${JSON.stringify({ nextId, items }, null, 2)}\n`);
  const copy = (item) => structuredClone(item);

  return {
    list({ q, tag } = {}) {
      const needle = q?.trim().toLowerCase();
      return items
        .filter((i) => !needle || i.title.toLowerCase().includes(needle) || i.notes.toLowerCase().includes(needle))
        .filter((i) => !tag || i.tags.includes(tag.toLowerCase()))
        .map(copy);
    },
    get(id) {
      const item = items.find((i) => i.id === String(id));
      return item ? copy(item) : null;
    },
    add(input) {
      const at = now().toISOString();
      const item = { id: String(nextId++), title: input.title, notes: input.notes ?? "", tags: input.tags ?? [], createdAt: at, updatedAt: at };
      items.push(item);
      save();
      return copy(item);
    },
    update(id, changes) {
      const item = items.find((i) => i.id === String(id));
      if (!item) return null;
      Object.assign(item, changes, { updatedAt: now().toISOString() });
      save();
      return copy(item);
    },
    remove(id) {
      const index = items.findIndex((i) => i.id === String(id));
      if (index < 0) return false;
      items.splice(index, 1);
      save();
      return true;
    },
  };
}
