import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startServer } from "./support.mjs";

let server;
before(async () => (server = await startServer("server.js")));
after(() => server?.stop());

const add = async (body) => {
  const res = await server.call("POST", "/bookmarks", body);
  assert.equal(res.status, 201, `POST ${res.status}: ${res.text.slice(0, 200)}`);
  return res.json();
};

test("POST /bookmarks creates a bookmark with tags", async () => {
  const b = await add({ url: "https://nodejs.org/api/", title: "Node docs", tags: ["node", "docs"] });
  assert.equal(b.url, "https://nodejs.org/api/");
  assert.equal(b.title, "Node docs");
  assert.deepEqual(b.tags, ["node", "docs"]);
  assert.ok(b.id !== undefined && b.id !== null);
  const got = await server.call("GET", `/bookmarks/${b.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.json(), b);
});

test("tags default to an empty list", async () => {
  const b = await add({ url: "http://example.com", title: "Example" });
  assert.deepEqual(b.tags, []);
});

test("GET /bookmarks lists newest first and filters by tag", async () => {
  const first = await add({ url: "https://a.example/", title: "A", tags: ["reading"] });
  const second = await add({ url: "https://b.example/", title: "B", tags: ["reading", "later"] });
  const third = await add({ url: "https://c.example/", title: "C", tags: ["later"] });
  const all = (await server.call("GET", "/bookmarks")).json();
  const ids = all.map((b) => b.id);
  assert.ok(ids.indexOf(third.id) < ids.indexOf(second.id) && ids.indexOf(second.id) < ids.indexOf(first.id), "newest first");
  const reading = (await server.call("GET", "/bookmarks?tag=reading")).json();
  assert.deepEqual(reading.map((b) => b.id), [second.id, first.id]);
});

test("DELETE /bookmarks/:id answers 204, then it is gone", async () => {
  const b = await add({ url: "https://gone.example/", title: "Gone" });
  assert.equal((await server.call("DELETE", `/bookmarks/${b.id}`)).status, 204);
  assert.equal((await server.call("GET", `/bookmarks/${b.id}`)).status, 404);
});

test("invalid bookmarks are 400 and unknown ids 404, with an error message", async () => {
  for (const body of [{ title: "No url" }, { url: "ftp://files.example/", title: "FTP" }, { url: "not a url", title: "Bad" }, { url: "https://ok.example/" }, { url: "https://ok.example/", title: "" }]) {
    const res = await server.call("POST", "/bookmarks", body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(typeof res.json().error, "string");
  }
  const bad = await server.call("POST", "/bookmarks", "{not json");
  assert.equal(bad.status, 400, "a body that is not JSON");
  for (const method of ["GET", "DELETE"]) {
    const res = await server.call(method, "/bookmarks/does-not-exist-123");
    assert.equal(res.status, 404, method);
    assert.equal(typeof res.json().error, "string");
  }
});
