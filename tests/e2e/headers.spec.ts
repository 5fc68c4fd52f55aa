import { request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// The HTTP layer as a browser and a hostile client meet it: security headers on every kind of response,
// a CSP the pages satisfy (no violation in Chromium's console), body limits, JSON-only endpoints, and a
// request log that never shows an invite token. A server of its own (behind a "proxy", so HSTS can be
// checked), because these tests sign up their own owner.

const OWNER = { name: "Hedda Headers", email: "hedda@example.test", password: "headers owner password 1" };
const COMMON = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

let server: RunningServer;
test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  server = await startServer({ env: { AIOS_TRUST_PROXY: "true" } });
});
test.afterAll(async () => {
  await server?.stop();
});

/** CSP violations and script errors, as Chromium reports them in the console. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
  return problems;
}

async function trpcPost(page: Page, path: string, input: unknown) {
  // From inside the page: the browser adds the Origin header as it does for the app's own calls.
  return page.evaluate(
    async ({ path, input }) => {
      const res = await fetch(`/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
      return { status: res.status, body: await res.json() };
    },
    { path, input },
  );
}

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  for (const [name, value] of Object.entries(COMMON)) expect(headers[name], `${what}: ${name}`).toBe(value);
  expect(headers["content-security-policy"], what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"], what).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(headers["permissions-policy"], what).toContain("camera=()");
  // Plain HTTP, no proxy saying otherwise: no HSTS.
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

test("pages satisfy the CSP: setup, dashboard, chat, projects, a project, admin and sign-in without a violation", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const problems = watchConsole(page);

  const first = await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  const csp = first!.headers()["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  // Next put the request's nonce on its scripts.
  const nonces = await page.locator("script[src]").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(nonces.length).toBeGreaterThan(0);
  expect(new Set(nonces)).toEqual(new Set([nonce]));

  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByLabel("Confirm password").fill(OWNER.password);
  await page.getByLabel("Organisation name").fill("Header Works");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("user-menu")).toBeVisible();

  const me = await page.request.get("/api/trpc/me.get");
  const orgId = (await me.json()).result.data.json.memberships[0].orgId as string;
  const created = await trpcPost(page, "projects.create", { orgId, name: "Header check", goal: "A tiny todo API with tests" });
  expect(created.status).toBe(200);
  const projectId = created.body.result.data.json.id as string;

  for (const path of ["/", "/chat", "/projects", `/projects/${projectId}`, "/agents", "/admin", "/admin/members", "/admin/audit", "/admin/system"]) {
    const res = await page.goto(path);
    expect(res!.status(), path).toBe(200);
    await page.waitForLoadState("networkidle");
    // The app is alive (hydrated): the account menu responds.
    await expect(page.getByTestId("user-menu")).toBeVisible();
  }
  // The live connection (Socket.IO over WebSocket) is allowed by connect-src.
  await expect(page.getByTestId("connection-state").first()).toHaveAttribute("data-state", "live");

  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/$/);
  await page.waitForLoadState("networkidle");

  expect(problems, problems.join("\n")).toEqual([]);

  // The watcher does see a violation: injected markup with an inline handler (the classic XSS) is refused.
  await page.evaluate(() => {
    const div = document.createElement("div");
    div.innerHTML = `<img src="data:image/png;base64,AA" onerror="window.__injected = true">`;
    document.body.appendChild(div);
  });
  await expect.poll(() => problems.length).toBe(1);
  expect(problems[0]).toMatch(/violates the following Content Security Policy directive/);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await context.close();
});

test("every kind of response carries the security headers; API responses are never cached", async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: server.url });
  const html = await api.get("/sign-in");
  expect(html.status()).toBe(200);
  expectSecurityHeaders(html.headers(), "HTML page");
  const asset = /\/_next\/static\/[^"']+\.js/.exec(await html.text())![0];

  const responses = {
    "HTML page": html,
    "tRPC": await api.get("/api/trpc/setup.status"),
    "health": await api.get("/api/health"),
    "static asset": await api.get(asset),
    "zip route": await api.get("/api/projects/no-such-project/zip"),
  };
  for (const [what, res] of Object.entries(responses)) {
    expect(res.status(), what).toBeLessThan(500);
    expectSecurityHeaders(res.headers(), what);
    if (what !== "HTML page" && what !== "static asset") expect(res.headers()["cache-control"], what).toBe("no-store");
  }
  expect(responses["static asset"].status()).toBe(200);
  expect(responses["zip route"].status()).toBe(401);

  // Engine.IO answers /socket.io/ itself; its responses get the basics too.
  const polling = await api.get("/socket.io/?EIO=4&transport=polling");
  expect(polling.status()).toBe(200);
  expect(polling.headers()).toMatchObject({ "cache-control": "no-store", "x-content-type-options": "nosniff", "x-frame-options": "DENY" });

  // Each response has its own nonce.
  const again = await api.get("/sign-in");
  expect(again.headers()["content-security-policy"]).not.toBe(html.headers()["content-security-policy"]);

  // Behind the trusted proxy, a request that arrived over HTTPS gets HSTS.
  const proxied = await api.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
  expect(proxied.headers()["strict-transport-security"]).toBe("max-age=31536000");
  await api.dispose();
});

test("a zip download carries the headers too", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/$/);
  const me = await page.request.get("/api/trpc/me.get");
  const orgId = (await me.json()).result.data.json.memberships[0].orgId as string;
  const created = await trpcPost(page, "projects.create", { orgId, name: "Zip headers", goal: "A tiny todo API with tests" });
  const projectId = created.body.result.data.json.id as string;
  expect((await trpcPost(page, "projects.approve", { projectId })).status).toBe(200);
  // The workspace appears once the first agent run starts.
  let zip = await page.request.get(`/api/projects/${projectId}/zip`);
  await expect.poll(async () => (zip = await page.request.get(`/api/projects/${projectId}/zip`)).status(), { timeout: 30_000 }).toBe(200);
  expect(zip.headers()["content-type"]).toBe("application/zip");
  expectSecurityHeaders(zip.headers(), "zip");
  expect(zip.headers()["cache-control"]).toBe("no-store");
  expect((await trpcPost(page, "projects.cancel", { projectId })).status).toBe(200);
  await context.close();
});

test("bodies over the limit get 413 at once, chunked ones are cut off; text/plain gets 415", async ({ playwright }) => {
  const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]);
  const before = rssKb();
  const big = Buffer.alloc(20 * 1024 * 1024, 0x61);

  const started = Date.now();
  const declared = await fetch(`${server.url}/api/trpc/setup.createOwner`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
  const ms = Date.now() - started;
  expect(declared.status).toBe(413);
  expect((await declared.json()).error).toBe("The request body is larger than this endpoint accepts (1 MiB at most).");
  expect(ms).toBeLessThan(2_000);

  // Chunked: no Content-Length to check up front, so the body is counted as it streams in.
  const chunked = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    const req = httpRequest(`${server.url}/api/trpc/setup.createOwner`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } });
    let sent = 0;
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (c: Buffer) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body, sent }));
    });
    req.on("error", (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.alloc(256 * 1024, 0x62);
    const pump = () => {
      if (answered || sent >= big.length) return void req.end();
      sent += chunk.length;
      req.write(chunk, () => setTimeout(pump, 5));
    };
    pump();
  });
  expect(chunked.status).toBe(413);
  expect(JSON.parse(chunked.body).error).toMatch(/larger than this endpoint accepts/);
  expect(chunked.sent).toBeLessThan(big.length);
  // A client that asks first (Expect: 100-continue) gets the 413 instead of "continue": no body is sent.
  const asked = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
    const req = httpRequest(`${server.url}/api/trpc/setup.createOwner`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(big.length), expect: "100-continue" },
    });
    let continued = false;
    req.on("continue", () => {
      continued = true;
      req.end(big);
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode!, continued }));
      req.destroy();
    });
    req.on("error", (err) => (continued ? reject(err) : undefined));
    req.flushHeaders();
  });
  expect(asked).toEqual({ status: 413, continued: false });
  // Neither body was held in memory.
  expect(rssKb() - before).toBeLessThan(15 * 1024);

  const api = await playwright.request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url } });
  const chat = await api.post("/api/chat", { headers: { "content-type": "text/plain" }, data: JSON.stringify({ id: "abcdefgh", orgId: "x", messages: [] }) });
  expect(chat.status()).toBe(415);
  expect((await chat.json()).error).toBe("This endpoint accepts only JSON: send the body with Content-Type: application/json.");
  const mutation = await api.post("/api/trpc/setup.createOwner", { headers: { "content-type": "text/plain" }, data: "{}" });
  expect(mutation.status()).toBe(415);
  // The server is fine afterwards.
  expect((await api.get("/api/health")).status()).toBe(200);
  await api.dispose();
});

test("the request log never shows an invite token, in a path, a query or a callbackUrl", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/$/);
  const me = await page.request.get("/api/trpc/me.get");
  const orgId = (await me.json()).result.data.json.memberships[0].orgId as string;
  const invite = await trpcPost(page, "members.invite", { orgId, email: "ivy@example.test", role: "member" });
  expect(invite.status).toBe(200);
  const url = JSON.stringify(invite.body);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(url)![1]!;

  const guest = await browser.newContext({ baseURL: server.url });
  const guestPage = await guest.newPage();
  await guestPage.goto(`/invite/${token}`);
  await expect(guestPage.getByLabel("Choose a password")).toBeVisible();
  await guestPage.goto(`/sign-in?callbackUrl=${encodeURIComponent(`${server.url}/invite/${token}?token=${token}`)}&token=${token}&code=${token}`);
  await guestPage.waitForLoadState("networkidle");
  await guest.close();
  await context.close();

  await expect.poll(() => server.logs().includes('"path":"/invite/[redacted]"')).toBe(true);
  const logs = server.logs();
  expect(logs).toContain('"path":"/sign-in"');
  expect(logs).not.toContain(token);
});

test("served over HTTPS (AIOS_PUBLIC_URL https://…): HSTS everywhere, and Secure, prefixed session cookies", async () => {
  const publicUrl = "https://aios.localtest";
  const tls = await startServer({ env: { AIOS_PUBLIC_URL: publicUrl, NEXTAUTH_URL: publicUrl } });
  try {
    // The TLS proxy in front is played by this client: plain HTTP to the port, the public origin in Origin.
    const call = (path: string, init: RequestInit = {}) => fetch(`${tls.url}${path}`, { redirect: "manual", ...init, headers: { origin: publicUrl, ...init.headers } });

    // (On this fresh server, first:) a streamed body cut off at the limit is refused, not acted on,
    // even when the part that arrived is valid JSON: no owner is created by a 413.
    const padded = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${tls.url}/api/trpc/setup.createOwner`, {
        method: "POST",
        headers: { origin: publicUrl, "content-type": "application/json", "transfer-encoding": "chunked" },
      });
      req.on("response", (res) => (res.resume(), resolve(res.statusCode!)));
      req.on("error", reject);
      req.write(JSON.stringify({ json: { name: "Mallory", email: "mallory@example.test", password: "padded owner password", orgName: "Padded" } }));
      req.write(" ".repeat(1024 * 1024 + 10), () => req.end());
    });
    expect(padded).toBe(413);
    // Give a handler that (wrongly) went on with the cut-off body time to finish (argon2 takes a while).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const status = await (await call("/api/trpc/setup.status")).json();
    expect(JSON.stringify(status)).toMatch(/"needsSetup":true/);

    const owner = await call("/api/trpc/setup.createOwner", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { name: "Tia TLS", email: "tia@example.test", password: "tls owner password 12", orgName: "TLS Org" } }),
    });
    expect(owner.status).toBe(200);
    expect(owner.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(owner.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");

    const csrf = await call("/api/auth/csrf");
    const csrfCookie = csrf.headers.getSetCookie().find((c) => c.startsWith("__Host-next-auth.csrf-token="))!;
    expect(csrfCookie).toMatch(/; Secure/i);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signIn = await call("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie.split(";")[0]! },
      body: new URLSearchParams({ csrfToken, email: "tia@example.test", password: "tls owner password 12", json: "true" }).toString(),
    });
    expect(signIn.status).toBeLessThan(400);
    const session = signIn.headers.getSetCookie().find((c) => c.startsWith("__Secure-next-auth.session-token="));
    expect(session, signIn.headers.getSetCookie().join("\n")).toBeDefined();
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    expect(signIn.headers.get("strict-transport-security")).toBe("max-age=31536000");

    const me = await call("/api/trpc/me.get", { headers: { cookie: session!.split(";")[0]! } });
    expect(me.status).toBe(200);
    expect((await me.json()).result.data.json.memberships).toHaveLength(1);
  } finally {
    await tls.stop();
  }
});
