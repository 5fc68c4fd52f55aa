import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml, formatChange, formatPrice, refresh, renderRows, sparkline } from "../public/app.js";

const quote = { symbol: "AAPL", name: "Apple Inc.", price: 191.25, change: 1.75, changePercent: 0.92, history: [189.5, 190.1, 191.25] };

test("prices are formatted as dollars and changes carry a sign", () => {
  assert.equal(formatPrice(1234.5), "$1,234.50");
  assert.equal(formatChange(1.5), "+1.50");
  assert.equal(formatChange(-0.25, " %"), "−0.25 %");
  assert.equal(formatChange(0), "0.00");
});

test("a row shows the symbol, company, price and a coloured change", () => {
  const html = renderRows([quote, { ...quote, symbol: "TSLA", name: "Tesla Inc.", change: -2, changePercent: -1.1 }]);
  assert.match(html, /<th scope="row">AAPL<\/th>/);
  assert.match(html, /Apple Inc\./);
  assert.match(html, /\$191\.25/);
  assert.match(html, /class="num up">\+1\.75/);
  assert.match(html, /class="num down">−2\.00/);
  assert.equal(html.match(/<tr /g).length, 2);
});

test("names are escaped", () => {
  assert.equal(escapeHtml('<b>"A&B"</b>'), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;");
  assert.doesNotMatch(renderRows([{ ...quote, name: "<script>" }]), /<script>/);
});

test("the sparkline has one point per price and shows the trend", () => {
  const svg = sparkline([1, 2, 3, 2.5]);
  assert.equal(svg.match(/points="([^"]+)"/)[1].split(" ").length, 4);
  assert.match(svg, /class="spark up"/);
  assert.match(sparkline([3, 1]), /class="spark down"/);
  assert.equal(sparkline([1]), "");
});

test("refresh fills the table from the API and shows errors", async () => {
  const elements = { quotes: { innerHTML: "" }, status: { textContent: "" }, error: { hidden: true, textContent: "" } };
  const doc = { getElementById: (id) => elements[id] };
  await refresh(doc, async () => ({ ok: true, json: async () => ({ asOf: new Date(0).toISOString(), quotes: [quote] }) }));
  assert.match(elements.quotes.innerHTML, /AAPL/);
  assert.match(elements.status.textContent, /^Updated /);
  await refresh(doc, async () => ({ ok: false, status: 503 }));
  assert.equal(elements.error.hidden, false);
  assert.match(elements.error.textContent, /503/);
});
