import { describe, expect, it } from "vitest";
import { analyzeRequest } from "./analyze";

describe("reading a request's words", () => {
  it.each([
    ["Build a recipe manager for my family", "Family Recipe Manager", "recipe", "recipes", { web: true, api: true, cli: false }],
    ["Build a web app that lets my team track support tickets", "Support Ticket Tracker", "ticket", "tickets", { web: true, api: true, cli: false }],
    ["Build a weather dashboard for my city", "City Weather Dashboard", "weather entry", "weather-entries", { web: true, api: true, cli: false }],
    ["Create a REST API for books", "Book API", "book", "books", { web: false, api: true, cli: false }],
    ["Write a CLI to manage my bookmarks", "Bookmark Manager CLI", "bookmark", "bookmarks", { web: false, api: false, cli: true }],
    ["Build a blog", "Blog App", "post", "posts", { web: true, api: true, cli: false }],
    ["Develop a service that shortens URLs", "URL API", "url", "urls", { web: false, api: true, cli: false }],
    ["Build an inventory system for a small warehouse", "Warehouse Inventory", "item", "items", { web: true, api: true, cli: false }],
    ["Create a website for my bakery with a menu and opening hours", "Bakery Menu App", "dish", "dishes", { web: true, api: true, cli: false }],
    ["Write a JavaScript library that keeps a reading list", "Reading List", "reading entry", "reading-entries", { web: false, api: false, cli: false }],
  ])("%s", (request, name, entity, route, flags) => {
    const a = analyzeRequest(request);
    expect(a).toMatchObject({ name, entity, route, flags });
    expect(a.slug).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it("finds no subject in vague requests", () => {
    for (const r of ["build something", "make an app", "create a website", "write a tool"]) expect(analyzeRequest(r).subject).toEqual([]);
  });
});
