import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";
import { API, renderItems } from "../public/app.js";

// QA: the page, its script and the API agree with each other.
const read = (path) => readFile(new URL(`../${path}`, import.meta.url), "utf8");
let server;
let api;
before(async () => {
  const socket = socketPath();
  server = await startServer({ port: socket });
  api = clientFor(socket);
});
after(() => new Promise((resolve) => server.close(resolve)));

test("every element the script looks up exists on the page", async () => {
  const [html, js] = await Promise.all([read("public/index.html"), read("public/app.js")]);
  assert.match(html, /<script type="module" src="\/app\.js">/);
  for (const [, id] of js.matchAll(/getElementById\("([^"]+)"\)/g)) assert.match(html, new RegExp(`id="${id}"`), `#${id}`);
});

test("the page is served and the script's API exists", async () => {
  assert.equal((await api("/")).status, 200);
  const created = await api(API, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "From QA", tags: ["qa"] }),
  });
  assert.equal(created.status, 201);
  const items = await (await api(API)).json();
  assert.match(renderItems(items), /From QA/);
});
