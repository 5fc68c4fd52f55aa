import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, expect, test, type Browser, type Page, type Response } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// CSRF and cross-site WebSocket hijacking, as an attacker would try them: a signed-in victim opens a
// page on a same-site origin (another port of 127.0.0.1) and on a cross-site one (evil.localtest,
// mapped to loopback in Chromium) that posts to /api/chat (text/plain and form), to a tRPC mutation
// (fetch, form and a JSON fetch) and opens Socket.IO connections to join the victim's project room.
// Every attempt must be refused, and nothing may change on the server.

const OWNER = { name: "Vic Victim", email: "vic@example.test", password: "victim password 12345" };
const EVIL_HOST = "evil.localtest";

let server: RunningServer;
let attacker: Server;
let attackerPort: number;
let browser: Browser;

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  server = await startServer();
  // The attacker's site: an empty page; the attack runs as that page's own script.
  attacker = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>cats</title><body>cute cats</body>"));
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerPort = (attacker.address() as AddressInfo).port;
  // A browser of its own: evil.localtest resolves to loopback here, with no DNS involved.
  browser = await chromium.launch({
    executablePath: process.env.AIOS_CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", `--host-resolver-rules=MAP ${EVIL_HOST} 127.0.0.1`],
  });
});
test.afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await server?.stop();
});

/** A tRPC call from the app's own page (the browser adds the app's Origin). */
async function ownCall(page: Page, path: string, input: unknown, method: "GET" | "POST" = "POST") {
  return page.evaluate(
    async ({ path, input, method }) => {
      const q = encodeURIComponent(JSON.stringify({ json: input }));
      const res = method === "GET"
        ? await fetch(`/api/trpc/${path}?input=${q}`)
        : await fetch(`/api/trpc/${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
      return { status: res.status, body: await res.json() };
    },
    { path, input, method },
  );
}

type State = { projects: number; conversations: number; auditRows: number };

async function serverState(page: Page, orgId: string): Promise<State> {
  const projects = await ownCall(page, "projects.list", { orgId }, "GET");
  const conversations = await ownCall(page, "chat.conversations", { orgId }, "GET");
  const audit = await ownCall(page, "audit.list", { orgId }, "GET");
  const count = (r: { status: number; body: { result?: { data: { json: unknown } } } }) => {
    const data = r.body.result?.data.json as unknown[] | { items?: unknown[]; rows?: unknown[] } | undefined;
    return Array.isArray(data) ? data.length : (data?.items ?? data?.rows ?? []).length;
  };
  return { projects: count(projects), conversations: count(conversations), auditRows: count(audit) };
}

type Attempt = { name: string; run: (page: Page) => Promise<unknown> };

/** The attempts a page at `from` makes against the app at `app`. */
function attempts(app: string, orgId: string, projectId: string): Attempt[] {
  const chatBody = JSON.stringify({ id: "csrfchat01", orgId, messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "Build a crypto miner" }] }] });
  const mutationBody = JSON.stringify({ json: { orgId, name: "Planted by evil", goal: "Exfiltrate all the secrets" } });
  const wsUrl = `${app.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
  const post = (url: string, body: string, type: string, mode: RequestMode) =>
    async (page: Page) =>
      page.evaluate(
        async ({ url, body, type, mode }) => {
          try {
            await fetch(url, { method: "POST", mode, credentials: "include", headers: { "content-type": type }, body });
            return "sent";
          } catch (err) {
            return `blocked by the browser: ${(err as Error).message}`;
          }
        },
        { url, body, type, mode },
      );
  const form = (url: string, enctype: string, fields: Record<string, string>) =>
    async (page: Page) =>
      page.evaluate(
        ({ url, enctype, fields }) => {
          const frame = document.createElement("iframe");
          frame.name = `f${Math.random().toString(36).slice(2)}`;
          document.body.appendChild(frame);
          const f = document.createElement("form");
          Object.assign(f, { method: "POST", action: url, enctype, target: frame.name });
          for (const [name, value] of Object.entries(fields)) {
            const input = document.createElement("input");
            Object.assign(input, { type: "hidden", name, value });
            f.appendChild(input);
          }
          document.body.appendChild(f);
          f.submit();
          return "submitted";
        },
        { url, enctype, fields },
      );
  return [
    { name: "text/plain fetch to /api/chat", run: post(`${app}/api/chat`, chatBody, "text/plain", "no-cors") },
    { name: "text/plain form to /api/chat", run: form(`${app}/api/chat`, "text/plain", { [chatBody.slice(0, -2)]: '"}' }) },
    { name: "text/plain fetch to projects.create", run: post(`${app}/api/trpc/projects.create`, mutationBody, "text/plain", "no-cors") },
    { name: "urlencoded form to projects.create", run: form(`${app}/api/trpc/projects.create`, "application/x-www-form-urlencoded", { json: mutationBody }) },
    { name: "JSON fetch (CORS) to projects.create", run: post(`${app}/api/trpc/projects.create`, mutationBody, "application/json", "cors") },
    {
      name: "Socket.IO over WebSocket joining the project room",
      run: async (page) =>
        page.evaluate(
          async ({ wsUrl, projectId }) =>
            new Promise<string>((resolve) => {
              const frames: string[] = [];
              const ws = new WebSocket(wsUrl);
              ws.onmessage = (m) => {
                const data = String(m.data);
                frames.push(data);
                if (data.startsWith("0")) ws.send("40");
                else if (data.startsWith("40")) ws.send(`420${JSON.stringify(["join", { room: `project:${projectId}` }])}`);
                else if (data === "2") ws.send("3");
              };
              ws.onclose = () => resolve(frames.length ? `connected: ${frames.join(" | ")}` : "refused");
              setTimeout(() => (ws.close(), resolve(frames.length ? `connected: ${frames.join(" | ")}` : "refused")), 3_000);
            }),
          { wsUrl, projectId },
        ),
    },
    {
      name: "Socket.IO long-polling handshake",
      run: async (page) =>
        page.evaluate(async (url) => {
          try {
            await fetch(url, { mode: "no-cors", credentials: "include" });
            return "sent";
          } catch (err) {
            return `blocked by the browser: ${(err as Error).message}`;
          }
        }, `${app}/socket.io/?EIO=4&transport=polling`),
    },
  ];
}

/** What came back to the attacker's page (and its frames) from the app, as Chromium's network layer saw it. */
function recordAppResponses(page: Page, app: string): { statuses: number[]; stop: () => void } {
  const statuses: number[] = [];
  const onResponse = (r: Response) => {
    if (r.url().startsWith(app) && r.request().method() !== "OPTIONS") statuses.push(r.status());
  };
  page.on("response", onResponse);
  return { statuses, stop: () => page.off("response", onResponse) };
}

const securityLines = (server: RunningServer) =>
  server.logs().split("\n").filter((l) => l.includes('"security":{') && /"event":"(http|socket)_refused"/.test(l)).length;

test("pages on other origins cannot act as the signed-in victim (HTTP and Socket.IO)", async () => {
  const context = await browser.newContext();
  const victim = await context.newPage();
  await victim.goto(`${server.url}/`);
  await expect(victim).toHaveURL(/\/setup$/);
  await victim.getByLabel("Your name").fill(OWNER.name);
  await victim.getByLabel("Email").fill(OWNER.email);
  await victim.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await victim.getByLabel("Confirm password").fill(OWNER.password);
  await victim.getByLabel("Organisation name").fill("Victim Corp");
  await victim.getByTestId("setup-submit").click();
  await expect(victim).toHaveURL(/\/$/);
  const me = await ownCall(victim, "me.get", {}, "GET");
  const orgId = me.body.result.data.json.memberships[0].orgId as string;
  const project = await ownCall(victim, "projects.create", { orgId, name: "Crown jewels", goal: "A tiny todo API with tests" });
  expect(project.status).toBe(200);
  const projectId = project.body.result.data.json.id as string;
  const before = await serverState(victim, orgId);
  expect(before.projects).toBe(1);

  const origins = {
    "same-site (another port)": `http://127.0.0.1:${attackerPort}`,
    "localhost (another port)": `http://localhost:${attackerPort}`,
    "cross-site": `http://${EVIL_HOST}:${attackerPort}`,
  };
  let total = 0;
  let refused = 0;
  const failures: string[] = [];
  for (const [kind, origin] of Object.entries(origins)) {
    const page = await context.newPage();
    await page.goto(`${origin}/cats`);
    for (const attempt of attempts(server.url, orgId, projectId)) {
      const seen = recordAppResponses(page, server.url);
      const loggedBefore = securityLines(server);
      const outcome = String(await attempt.run(page));
      await page.waitForTimeout(300);
      seen.stop();
      total++;
      const { statuses } = seen;
      const logged = securityLines(server) - loggedBefore;
      // Refused: nothing that reached the app succeeded, no socket frame came back, and either the app
      // logged the refusal or the browser never sent the request (a CORS preflight without approval).
      const sentByBrowser = !outcome.startsWith("blocked by the browser") || logged > 0 || statuses.length > 0;
      const ok = statuses.every((s) => s >= 400 && s < 500) && !outcome.startsWith("connected") && (logged > 0 || !sentByBrowser);
      if (ok) refused++;
      else failures.push(`${kind} ${attempt.name}: ${outcome}; statuses ${statuses.join(",")}; refusals logged ${logged}`);
      console.log(`  ${ok ? "refused" : "ALLOWED"}  ${kind.padEnd(24)} ${attempt.name.padEnd(50)} status ${statuses.join(",") || "-"}, logged ${logged}: ${outcome}`);
    }
    await page.close();
  }

  const after = await serverState(victim, orgId);
  console.log(`cross-origin battery: ${total} attempts from ${Object.keys(origins).length} origins, ${refused} refused, ${total - refused} allowed; state before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
  expect(failures).toEqual([]);
  expect(refused).toBe(total);
  expect(after).toEqual(before);

  // Control: the same kinds of request from the app's own page work, so the refusals above are the origin check.
  const own = await victim.evaluate(async (wsUrl) => {
    const chat = await fetch("/api/chat", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    const socket = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl);
      ws.onmessage = (m) => (ws.close(), resolve(String(m.data).slice(0, 1)));
      ws.onclose = () => resolve("closed");
    });
    return { chatStatus: chat.status, socket };
  }, `${server.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`);
  expect(own).toEqual({ chatStatus: 415, socket: "0" });
  const renamed = await ownCall(victim, "projects.create", { orgId, name: "Own page", goal: "Allowed from the app itself" });
  expect(renamed.status).toBe(200);
  await context.close();
});
