import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";
import { SYMBOLS } from "../src/prices.js";

let server;
let api;
let clock = 1_700_000_000_000;

before(async () => {
  // Static files from a folder of our own, so these tests do not depend on the real page.
  const publicDir = mkdtempSync(join(tmpdir(), "public-"));
  writeFileSync(join(publicDir, "index.html"), "<!doctype html><title>test</title>");
  writeFileSync(join(publicDir, "app.js"), "export {};");
  // A Unix socket instead of a TCP port (works with no network). The clock is ours, so prices move
  // only when the test says so.
  const socket = socketPath();
  server = await startServer({ port: socket, tickMs: 1000, now: () => clock, publicDir });
  api = clientFor(socket);
});

after(() => new Promise((resolve) => server.close(resolve)));

test("GET /api/prices returns a quote for every symbol", async () => {
  const res = await api("/api/prices");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /application\/json/);
  const body = await res.json();
  assert.equal(typeof body.asOf, "string");
  assert.deepEqual(
    body.quotes.map((q) => q.symbol),
    SYMBOLS.map((s) => s.symbol),
  );
  for (const q of body.quotes) {
    for (const field of ["name", "price", "change", "changePercent", "history"]) assert.ok(field in q, `${q.symbol} has ${field}`);
  }
});

test("prices move as time passes", async () => {
  const first = await (await api("/api/prices")).json();
  clock += 5000;
  const later = await (await api("/api/prices")).json();
  assert.equal(later.tick, first.tick + 5);
  assert.notDeepEqual(
    later.quotes.map((q) => q.price),
    first.quotes.map((q) => q.price),
  );
});

test("GET /api/prices/:symbol returns one quote, case-insensitively", async () => {
  const res = await api("/api/prices/aapl");
  assert.equal(res.status, 200);
  assert.equal((await res.json()).quote.symbol, "AAPL");
});

test("an unknown symbol is a 404", async () => {
  const res = await api("/api/prices/NOPE");
  assert.equal(res.status, 404);
  assert.match((await res.json()).error, /NOPE/);
});

test("the page and its assets are served with the right content types", async () => {
  const page = await api("/");
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type"), /text\/html/);
  const script = await api("/app.js");
  assert.equal(script.status, 200);
  assert.match(script.headers.get("content-type"), /javascript/);
});

test("files outside the public folder are never served", async () => {
  assert.equal((await api("/%2e%2e%2fserver.js")).status, 404);
  assert.equal((await api("/missing.css")).status, 404);
});

test("only GET and HEAD are allowed", async () => {
  const res = await api("/api/prices", { method: "POST" });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, HEAD");
});
