import { test } from "node:test";
import assert from "node:assert/strict";
import { API, createClient, escapeHtml, parseTags, renderItems } from "../public/app.js";

test("items render with title, notes, tags and a remove button", () => {
  const html = renderItems([{ id: "1", title: "First", notes: "n", tags: ["a", "b"] }]);
  assert.match(html, /<li data-id="1"><strong>First<\/strong>/);
  assert.match(html, /class="notes">n</);
  assert.equal(html.match(/class="tag"/g).length, 2);
  assert.match(html, /data-remove="1"/);
});

test("user text is escaped", () => {
  assert.equal(escapeHtml(`<img src=x onerror="a">`), "&lt;img src=x onerror=&quot;a&quot;&gt;");
  assert.doesNotMatch(renderItems([{ id: "1", title: "<b>", notes: "", tags: [] }]), /<b>/);
});

test("tags are split on commas", () => {
  assert.deepEqual(parseTags(" a, b ,,c "), ["a", "b", "c"]);
});

test("the client calls the API and surfaces its error messages", async () => {
  const calls = [];
  const client = createClient(async (path, init) => {
    calls.push([init?.method ?? "GET", path]);
    if (init?.method === "POST") return { ok: false, status: 400, json: async () => ({ error: "title is required" }) };
    return { ok: true, status: 200, json: async () => [] };
  });
  assert.deepEqual(await client.list("a b"), []);
  await assert.rejects(client.add({ title: "" }), /title is required/);
  assert.deepEqual(calls, [
    ["GET", `${API}?q=a%20b`],
    ["POST", API],
  ]);
});
