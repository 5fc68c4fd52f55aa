import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startServer } from "./support.mjs";

let server;
before(async () => (server = await startServer("server.js")));
after(() => server?.stop());

test("GET / serves an HTML page", async () => {
  const res = await server.call("GET", "/");
  assert.equal(res.status, 200);
  assert.match(String(res.headers["content-type"]), /text\/html/);
  assert.match(res.text, /<html|<!doctype html/i);
});

test("GET /api/prices lists several quotes with positive prices", async () => {
  const res = await server.call("GET", "/api/prices");
  assert.equal(res.status, 200);
  assert.match(String(res.headers["content-type"]), /json/);
  const { quotes } = res.json();
  assert.ok(Array.isArray(quotes) && quotes.length >= 3, "at least three quotes");
  for (const q of quotes) {
    assert.equal(typeof q.symbol, "string");
    assert.equal(typeof q.name, "string");
    assert.ok(typeof q.price === "number" && q.price > 0, `${q.symbol} has a positive price`);
    assert.equal(typeof q.change, "number");
    assert.equal(typeof q.changePercent, "number");
  }
  assert.equal(new Set(quotes.map((q) => q.symbol)).size, quotes.length, "symbols are unique");
});

test("GET /api/prices/<symbol> answers one quote, case-insensitively", async () => {
  const { quotes } = (await server.call("GET", "/api/prices")).json();
  const symbol = quotes[0].symbol;
  const res = await server.call("GET", `/api/prices/${symbol.toLowerCase()}`);
  assert.equal(res.status, 200);
  assert.equal(res.json().quote.symbol, symbol);
});

test("an unknown symbol is a 404 with an error message", async () => {
  const res = await server.call("GET", "/api/prices/NOSUCHSYMBOLX");
  assert.equal(res.status, 404);
  assert.equal(typeof res.json().error, "string");
});
