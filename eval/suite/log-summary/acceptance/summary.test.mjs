import assert from "node:assert/strict";
import { test } from "node:test";
import { runNode, tempFile } from "./support.mjs";

const SCRIPT = "scripts/summarize-logs.js";
const LOG = [
  '10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326',
  '10.0.0.2 - frank [10/Oct/2026:13:55:40 +0000] "GET /about.html HTTP/1.1" 200 1043',
  '10.0.0.1 - - [10/Oct/2026:13:56:01 +0000] "GET /index.html?ref=mail HTTP/1.1" 304 -',
  '10.0.0.3 - - [10/Oct/2026:13:57:12 +0000] "POST /api/login HTTP/1.1" 401 58',
  "this line is not a log line",
  '10.0.0.3 - - [10/Oct/2026:13:57:15 +0000] "POST /api/login HTTP/1.1" 200 512',
  '10.0.0.4 - - [10/Oct/2026:13:58:00 +0000] "GET /missing HTTP/1.1" 404 153',
  "",
  '10.0.0.2 - - [10/Oct/2026:13:59:59 +0000] "GET /about.html HTTP/1.1" 200 1043',
  '10.0.0.5 - - [10/Oct/2026:14:00:00 +0000] "GET /z-last HTTP/1.1" 200 10',
  '10.0.0.5 - - [10/Oct/2026:14:00:01 +0000] "GET /a-first HTTP/1.1" 200 10',
  "10.0.0.6 - - [10/Oct/2026:14:00:02 +0000] \"GET /broken",
].join("\n");

const summarize = (text) => {
  const r = runNode(SCRIPT, [tempFile("access.log", text)]);
  assert.equal(r.code, 0, `exit code 0 (stderr: ${r.stderr})`);
  return JSON.parse(r.stdout);
};

test("counts requests, hosts, statuses, bytes and malformed lines", () => {
  const s = summarize(LOG);
  assert.equal(s.requests, 9);
  assert.equal(s.uniqueHosts, 5);
  assert.deepEqual(s.statusCounts, { 200: 6, 304: 1, 401: 1, 404: 1 });
  assert.equal(s.bytes, 2326 + 1043 + 0 + 58 + 512 + 153 + 1043 + 10 + 10);
  assert.equal(s.malformed, 2);
});

test("topPaths: five most requested paths without query strings, ties alphabetical", () => {
  assert.deepEqual(summarize(LOG).topPaths, [
    { path: "/about.html", count: 2 },
    { path: "/api/login", count: 2 },
    { path: "/index.html", count: 2 },
    { path: "/a-first", count: 1 },
    { path: "/missing", count: 1 },
  ]);
});

test("an empty log gives zeros", () => {
  const s = summarize("");
  assert.deepEqual({ ...s, statusCounts: { ...s.statusCounts } }, { requests: 0, uniqueHosts: 0, statusCounts: {}, topPaths: [], bytes: 0, malformed: 0 });
});
