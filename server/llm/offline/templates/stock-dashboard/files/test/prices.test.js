import { test } from "node:test";
import assert from "node:assert/strict";
import { createMarket, MAX_STEP, SYMBOLS } from "../src/prices.js";

test("the same seed gives the same prices", () => {
  const a = createMarket({ seed: 7 });
  const b = createMarket({ seed: 7 });
  a.advanceTo(25);
  b.advanceTo(25);
  assert.deepEqual(a.quotes(), b.quotes());
});

test("a different seed gives different prices", () => {
  const a = createMarket({ seed: 1 });
  const b = createMarket({ seed: 2 });
  a.advanceTo(10);
  b.advanceTo(10);
  assert.notDeepEqual(
    a.quotes().map((q) => q.price),
    b.quotes().map((q) => q.price),
  );
});

test("every symbol starts at its base price with no change", () => {
  const quotes = createMarket().quotes();
  assert.equal(quotes.length, SYMBOLS.length);
  for (const [i, q] of quotes.entries()) {
    assert.equal(q.symbol, SYMBOLS[i].symbol);
    assert.equal(q.price, SYMBOLS[i].base);
    assert.equal(q.change, 0);
    assert.equal(q.changePercent, 0);
  }
});

test("each tick moves a price by at most the maximum step and keeps it positive", () => {
  const market = createMarket({ historyLength: 1000 });
  market.advanceTo(500);
  for (const q of market.quotes()) {
    for (let i = 1; i < q.history.length; i++) {
      const move = Math.abs(q.history[i] - q.history[i - 1]) / q.history[i - 1];
      assert.ok(move <= MAX_STEP + 0.0001, `${q.symbol} moved ${(move * 100).toFixed(2)} %`);
      assert.ok(q.history[i] > 0);
    }
  }
});

test("change and change percent are measured from the opening price", () => {
  const market = createMarket();
  market.advanceTo(40);
  for (const q of market.quotes()) {
    assert.equal(q.change, Math.round((q.price - q.open) * 100) / 100);
    assert.ok(Math.abs(q.changePercent - ((q.price - q.open) / q.open) * 100) < 0.01);
  }
});

test("history is capped and advancing to a past tick changes nothing", () => {
  const market = createMarket({ historyLength: 5 });
  market.advanceTo(20);
  const before = market.quotes();
  market.advanceTo(3);
  assert.equal(market.tick, 20);
  assert.deepEqual(market.quotes(), before);
  for (const q of before) assert.equal(q.history.length, 5);
});
