import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";
import { API_URL, renderRows } from "../public/app.js";

// QA: the page, the script and the API agree with each other.
const read = (path) => readFile(new URL(`../${path}`, import.meta.url), "utf8");

let server;
let api;
before(async () => {
  const socket = socketPath();
  server = await startServer({ port: socket });
  api = clientFor(socket);
});
after(() => new Promise((resolve) => server.close(resolve)));

test("the page loads the script as a module and the stylesheet", async () => {
  const html = await read("public/index.html");
  assert.match(html, /<script type="module" src="\/app\.js">/);
  assert.match(html, /<link rel="stylesheet" href="\/styles\.css"/);
});

test("every element the script looks up exists on the page", async () => {
  const [html, js] = await Promise.all([read("public/index.html"), read("public/app.js")]);
  const ids = [...js.matchAll(/getElementById\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.ok(ids.length >= 3);
  for (const id of new Set(ids)) assert.match(html, new RegExp(`id="${id}"`), `index.html has #${id}`);
});

test("the script reads prices from the API the server provides", async () => {
  assert.equal(API_URL, "/api/prices");
  const js = await read("public/app.js");
  assert.match(js, /setInterval\(/, "the table refreshes on a timer");
  const res = await api(API_URL);
  assert.equal(res.status, 200);
});

test("the table renders every quote the API returns", async () => {
  const { quotes } = await (await api("/api/prices")).json();
  const html = renderRows(quotes);
  for (const q of quotes) assert.match(html, new RegExp(`data-symbol="${q.symbol}"`));
  assert.doesNotMatch(html, /undefined|NaN/);
});

test("the served page, script and stylesheet are the files on disk", async () => {
  for (const [path, file] of [["/", "public/index.html"], ["/app.js", "public/app.js"], ["/styles.css", "public/styles.css"]]) {
    const res = await api(path);
    assert.equal(res.status, 200, path);
    assert.equal(await res.text(), await read(file), path);
  }
});
