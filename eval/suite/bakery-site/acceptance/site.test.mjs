import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { test } from "node:test";

const PAGES = ["site/index.html", "site/menu.html", "site/contact.html"];
const read = (p) => readFileSync(p, "utf8");
const refs = (html) => [...html.matchAll(/\b(?:href|src)\s*=\s*["']([^"'#?]+)[^"']*["']/gi)].map((m) => m[1]).filter((u) => !/^(?:[a-z]+:|\/\/)/i.test(u));

test("the three pages and the stylesheet exist", () => {
  for (const p of [...PAGES, "site/styles.css"]) assert.ok(existsSync(p), `${p} exists`);
  assert.ok(read("site/styles.css").trim().length > 0, "styles.css is not empty");
});

test("every page has a title, an h1, a nav linking to all pages, and the shared stylesheet", () => {
  const titles = new Set();
  for (const p of PAGES) {
    const html = read(p);
    const title = /<title>([^<]+)<\/title>/i.exec(html)?.[1]?.trim();
    assert.ok(title, `${p} has a <title>`);
    titles.add(title);
    assert.match(html, /<h1[\s>]/i, `${p} has an <h1>`);
    const nav = /<nav[\s>][\s\S]*?<\/nav>/i.exec(html)?.[0];
    assert.ok(nav, `${p} has a <nav>`);
    for (const target of ["index.html", "menu.html", "contact.html"]) {
      assert.ok(refs(nav).some((u) => normalize(join(dirname(p), u)) === `site/${target}`), `${p}'s nav links to ${target}`);
    }
    assert.ok(/<link[^>]+rel=["']?stylesheet[^>]*>/i.test(html) && refs(html).some((u) => normalize(join(dirname(p), u)) === "site/styles.css"), `${p} uses styles.css`);
  }
  assert.equal(titles.size, PAGES.length, "each page has its own title");
});

test("every local link and reference resolves to a file", () => {
  for (const p of PAGES) {
    for (const u of refs(read(p))) {
      const target = normalize(join(dirname(p), decodeURIComponent(u)));
      const file = target.endsWith("/") ? join(target, "index.html") : target;
      assert.ok(existsSync(file), `${p} → ${u} exists`);
    }
  }
});

test("the menu lists at least five items with prices", () => {
  const text = read("site/menu.html").replace(/<[^>]+>/g, " ");
  const prices = text.match(/\d+\.\d{2}\b/g) ?? [];
  assert.ok(prices.length >= 5, `at least five prices like 3.50 (found ${prices.length})`);
});

test("the contact page names the bakery, an address and hours for every day", () => {
  const text = read("site/contact.html").replace(/<[^>]+>/g, " ").toLowerCase();
  for (const day of ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]) {
    assert.ok(text.includes(day) || text.includes(day.slice(0, 3)), `hours for ${day}`);
  }
  assert.match(text, /\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s*(?:-|–|to)\s*\d{1,2}/, "opening hours");
  assert.ok(/crumb (?:&amp;|&) co/.test(text) || /crumb (?:&amp;|&) co/.test(read("site/index.html").toLowerCase()), "the bakery's name");
});
