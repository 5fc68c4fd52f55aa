import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { sessionCookie } from "../integration/fixtures";
import { ESCAPED, startTarget, type Target } from "./http-target";
import { richFixture, type RichFixture } from "./trpc-battery";
import { judge, Tally } from "./verdict";

// The HTTP layer (server/boot/http.ts: origin, content type, body limits, request ids) under odd headers:
// Origin and Referer of every shape, broken and duplicated session cookies, content types that almost
// say JSON, a streamed body with no length. Every answer < 500 and readable; a refused request changes
// nothing; an accepted one is the signed-in owner's.

let target: Target;
let rich: RichFixture;
const tally = new Tally();
const started = performance.now();

beforeAll(async () => {
  target = await startTarget("http-headers-hostile");
  rich = await richFixture();
}, 300_000);

afterAll(async () => {
  await target?.stop();
  tally.print(`hostile headers (${target?.kind})`, (performance.now() - started) / 1000);
}, 60_000);

async function send(label: string, headers: Record<string, string>, body: BodyInit = JSON.stringify({ json: { name: `Org via ${label}` } })) {
  const t0 = performance.now();
  const res = await fetch(`${target.url}/api/trpc/orgs.create`, {
    method: "POST",
    headers,
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const text = await res.text();
  tally.count(label.split(":")[0]!, res.status, performance.now() - t0);
  for (const problem of judge(res.status, text, res.headers.get("content-type") ?? "")) tally.find("headers", label, problem);
  return res.status;
}

describe("HTTP layer under hostile headers", () => {
  it("origins, referers, cookies and content types of odd shapes: < 500, readable, and nothing happens for a refusal", async () => {
    const owner = rich.cookies.owner!;
    const json = "application/json";
    const cases: [string, Record<string, string>][] = [
      ["origin: null", { origin: "null", cookie: owner, "content-type": json }],
      ["origin: unparsable", { origin: "http://[", cookie: owner, "content-type": json }],
      ["origin: another port", { origin: "http://127.0.0.1:1", cookie: owner, "content-type": json }],
      ["origin: 10 KB", { origin: `http://${"a".repeat(10_000)}.example`, cookie: owner, "content-type": json }],
      ["origin: with a path", { origin: `${target.origin}/evil`, cookie: owner, "content-type": json }],
      ["origin: two values", { origin: `${target.origin}, http://evil.example`, cookie: owner, "content-type": json }],
      ["referer: own page, no origin", { referer: `${target.origin}/projects`, cookie: owner, "content-type": json }],
      ["referer: foreign, no origin", { referer: "http://evil.example/x", cookie: owner, "content-type": json }],
      ["referer: malformed, no origin", { referer: "::::", cookie: owner, "content-type": json }],
      ["no origin, sec-fetch-site cross-site", { "sec-fetch-site": "cross-site", cookie: owner, "content-type": json }],
      ["cookie: 8 KB of garbage", { origin: target.origin, cookie: `x=${"g".repeat(8000)}`, "content-type": json }],
      ["cookie: empty session token", { origin: target.origin, cookie: "next-auth.session-token=", "content-type": json }],
      ["cookie: garbage then valid session", { origin: target.origin, cookie: `next-auth.session-token=garbage; ${owner}`, "content-type": json }],
      ["cookie: valid then garbage session", { origin: target.origin, cookie: `${owner}; next-auth.session-token=garbage`, "content-type": json }],
      ["cookie: chunked-cookie names", { origin: target.origin, cookie: "next-auth.session-token.0=a; next-auth.session-token.1=b", "content-type": json }],
      ["content-type: utf-16 charset", { origin: target.origin, cookie: owner, "content-type": "application/json; charset=utf-16" }],
      ["content-type: upper case", { origin: target.origin, cookie: owner, "content-type": "APPLICATION/JSON" }],
      ["content-type: two types", { origin: target.origin, cookie: owner, "content-type": "text/plain, application/json" }],
      ["content-type: json-patch", { origin: target.origin, cookie: owner, "content-type": "application/json-patch+json" }],
      ["content-type: multipart", { origin: target.origin, cookie: owner, "content-type": "multipart/form-data; boundary=x" }],
      ["x-request-id: 1 KB", { origin: target.origin, cookie: owner, "content-type": json, "x-request-id": "r".repeat(1024) }],
      ["x-forwarded-for: garbage", { origin: target.origin, cookie: owner, "content-type": json, "x-forwarded-for": "not-an-ip, ::::, 999.1.1.1" }],
    ];
    const orgsBefore = await db.membership.count({ where: { userId: rich.fx.people.owner.user.id } });
    let accepted = 0;
    for (const [label, headers] of cases) if ((await send(label, headers)) < 300) accepted++;
    // A 3 MB body streamed without a length: the limit must hold without Content-Length.
    const chunk = new TextEncoder().encode(`{"json":{"name":"${"s".repeat(64 * 1024)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 3 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    expect(await send("streamed 3 MB body", { origin: target.origin, cookie: owner, "content-type": json }, stream)).toBeGreaterThanOrEqual(400);

    // Every accepted request created exactly one org for the owner; refusals created none.
    expect(await db.membership.count({ where: { userId: rich.fx.people.owner.user.id } })).toBe(orgsBefore + accepted);
    expect(tally.findings.map((f) => `${f.input}: ${f.problem}`)).toEqual([]);
    expect((await fetch(`${target.url}/api/health`)).status).toBe(200);
    expect(target.output()).not.toMatch(ESCAPED);
  });

  it("a cross-site refusal does not depend on the cookie being valid", async () => {
    const viewer = await sessionCookie(rich.fx.people.viewer.sessionId);
    for (const cookie of [viewer, "next-auth.session-token=garbage"]) {
      const status = await send("foreign origin", { origin: "http://evil.example", cookie, "content-type": "application/json" });
      expect(status).toBe(403);
    }
  });
});
