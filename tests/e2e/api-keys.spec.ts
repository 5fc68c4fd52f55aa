import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { io as connect } from "socket.io-client";
import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// API keys end to end against a real server: headless initialisation creates the owner and a key;
// the owner creates a personal key in the UI, copies the secret shown once, uses it over real HTTP
// (a tRPC query, a route handler, the Socket.IO handshake), rotates it in the UI (old and new both
// work during the overlap), revokes it in the UI (both refused on the next request). No issued key
// reaches the server's logs or the audit trail.

const OWNER = { name: "Ida Init", email: "ida@example.test", password: "correct horse battery staple" };
const MEMBER = { name: "Max Member", email: "max@example.test", password: "member password 12345" };
const INIT_KEY = `aios_sk_${randomBytes(32).toString("base64url")}`;
const shot = (name: string) => `test-results/screens/api-keys-${name}.png`;
const issued: string[] = [INIT_KEY];

// Everything the server prints (server.logs() keeps only the last lines).
const logFile = join(mkdtempSync(join(tmpdir(), "aios-e2e-keys-")), "server.log");

let server: RunningServer;
test.beforeAll(async () => {
  test.setTimeout(300_000); // may include a `next build`
  server = await startServer({
    logFile,
    env: {
      AIOS_INIT_OWNER_EMAIL: OWNER.email,
      AIOS_INIT_OWNER_PASSWORD: OWNER.password,
      AIOS_INIT_OWNER_NAME: OWNER.name,
      AIOS_INIT_ORG_NAME: "Headless Works",
      AIOS_INIT_API_KEY: INIT_KEY,
    },
  });
});
test.afterAll(async () => {
  await server?.stop();
});

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function trpcGet(secret: string, path: string, input: unknown) {
  const res = await fetch(`${server.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: bearer(secret) });
  return { status: res.status, body: (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string } } } };
}

async function trpcPost(secret: string, path: string, input: unknown) {
  const res = await fetch(`${server.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { ...bearer(secret), "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  return { status: res.status, body: (await res.json()) as { result?: { data: { json: unknown } } } };
}

async function zip(secret: string, projectId: string) {
  const res = await fetch(`${server.url}/api/projects/${projectId}/zip`, { headers: bearer(secret) });
  return { status: res.status, body: (await res.json()) as { error: string } };
}

/** The Socket.IO handshake with auth.token, then a join of the org's room. */
async function socketJoin(secret: string, orgId: string): Promise<"joined" | string> {
  const socket = connect(server.url, { path: "/socket.io", transports: ["websocket"], auth: { token: secret }, reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const reply = (await socket.timeout(5000).emitWithAck("join", { room: `org:${orgId}` })) as { ok: boolean; error?: string };
    return reply.ok ? "joined" : `join refused: ${reply.error}`;
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  } finally {
    socket.disconnect();
  }
}

/** Every way the test uses a key: all work, or all are refused. */
async function expectKeyWorks(secret: string, orgId: string, projectId: string) {
  const list = await trpcGet(secret, "projects.list", { orgId });
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  expect(list.body.result!.data.json).toEqual([expect.objectContaining({ id: projectId })]);
  // Authorised: the route handler got past the permission check to "no files yet" (401 / 404 otherwise).
  expect(await zip(secret, projectId)).toEqual({ status: 404, body: { error: "This project has no files yet." } });
  expect(await socketJoin(secret, orgId)).toBe("joined");
}

async function expectKeyRefused(secret: string, orgId: string, projectId: string) {
  const list = await trpcGet(secret, "projects.list", { orgId });
  expect(list.status).toBe(401);
  expect((await zip(secret, projectId)).status).toBe(401);
  expect(await socketJoin(secret, orgId)).toMatch(/^refused/);
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/$/);
}

async function readSecret(page: Page): Promise<string> {
  const secret = (await page.getByTestId("api-key-secret").textContent())!.trim();
  expect(secret).toMatch(/^aios_sk_[A-Za-z0-9_-]{43}$/);
  issued.push(secret);
  // The copy button puts exactly that on the clipboard.
  await page.getByTestId("api-key-copy").click();
  await expect(page.getByTestId("api-key-copy")).toHaveText(/Copied/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  return secret;
}

test("create a personal key in the UI, use it over HTTP and Socket.IO, rotate with overlap, revoke", async ({ browser }) => {
  test.setTimeout(240_000);

  // Headless initialisation: the operator's key works at once, and makes a project to act on.
  const orgs = await fetch(`${server.url}/api/trpc/me.get`, { headers: bearer(INIT_KEY) });
  expect(orgs.status).toBe(403); // person-only procedures refuse keys

  // The owner signs in with the password from the environment; their own keys page lists the init key.
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, OWNER);
  const session = await (await ownerPage.request.get(`${server.url}/api/trpc/me.get`)).json();
  const orgId = session.result.data.json.memberships[0].orgId as string;
  expect(session.result.data.json.memberships[0]).toMatchObject({ role: "owner", orgName: "Headless Works" });
  await ownerPage.goto(`${server.url}/account/api-keys`);
  await expect(ownerPage.getByTestId("api-key-row")).toHaveCount(1);
  await expect(ownerPage.getByTestId("api-key-row")).toContainText("Initial key (AIOS_INIT_API_KEY)");

  const created = await trpcPost(INIT_KEY, "projects.create", { orgId, name: "Key target", goal: "A project for the key to read" });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const projectId = (created.body.result!.data.json as { id: string }).id;
  await expectKeyWorks(INIT_KEY, orgId, projectId);

  // A member joins (invited through the init key) and manages their own keys in the browser.
  const invite = await trpcPost(INIT_KEY, "members.invite", { orgId, email: MEMBER.email, role: "member" });
  expect(invite.status, JSON.stringify(invite.body)).toBe(200);
  const inviteUrl = (invite.body.result!.data.json as { url: string }).url;
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await page.goto(`${server.url}/invite/${inviteUrl.split("/invite/")[1]}`);
  await page.getByLabel("Your name").fill(MEMBER.name);
  await page.getByLabel("Choose a password").fill(MEMBER.password);
  await page.getByLabel("Confirm password").fill(MEMBER.password);
  await page.getByTestId("invite-accept-submit").click();
  await expect(page).toHaveURL(/\/$/);

  // Personal keys page from the user menu: empty at first.
  await page.getByTestId("user-menu").click();
  await page.getByTestId("api-keys-link").click();
  await expect(page).toHaveURL(/\/account\/api-keys$/);
  await expect(page.getByTestId("api-keys-empty")).toBeVisible();
  await page.screenshot({ path: shot("empty"), fullPage: true });

  // Create: a readable error first (no scopes), then the key.
  await page.getByTestId("api-key-create-open").click();
  const dialog = page.getByTestId("api-key-create-dialog");
  await dialog.getByTestId("api-key-name").fill("E2E script");
  await dialog.getByRole("button", { name: "None" }).click();
  await dialog.getByTestId("api-key-create-submit").click();
  await expect(dialog.getByText("Pick at least one scope.")).toBeVisible();
  await dialog.getByTestId("scopes-all").click();
  // Only what a member holds is offered.
  await expect(dialog.locator("[data-testid=scope][data-scope='projects:create']")).toBeVisible();
  await expect(dialog.locator("[data-testid=scope][data-scope='keys:manage']")).toHaveCount(0);
  await expect(dialog.locator("[data-testid=scope][data-scope='owners:manage']")).toHaveCount(0);
  await dialog.getByTestId("api-key-expiry").click();
  await page.getByRole("option", { name: "30 days" }).click();
  await dialog.screenshot({ path: shot("create-dialog") });
  await dialog.getByTestId("api-key-create-submit").click();
  await expect(dialog.getByText("You won't see this key again.")).toBeVisible();
  const first = await readSecret(page);
  await expect(dialog.getByTestId("api-key-snippet")).toContainText(`Authorization: Bearer ${first}`);
  await page.screenshot({ path: shot("shown-once"), fullPage: true });
  await dialog.getByTestId("api-key-done").click();
  await expect(dialog).toBeHidden();

  const row = page.locator("[data-testid=api-key-row][data-name='E2E script']");
  await expect(row.getByTestId("api-key-status")).toHaveText("Active");
  await expect(row.getByTestId("api-key-prefix")).toHaveText(`${first.slice(0, 12)}…${first.slice(-4)}`);
  await expect(page.getByText(first)).toHaveCount(0); // never shown again

  await expectKeyWorks(first, orgId, projectId);
  // Last used: time and address (recorded as the key is used; reload until it shows).
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText("127.0.0.1", { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: shot("list"), fullPage: true });

  // Rotate with the default 24-hour overlap: the old and the new secret both work.
  await row.getByTestId("api-key-actions").click();
  await page.getByTestId("api-key-rotate").click();
  const rotate = page.getByTestId("api-key-rotate-dialog");
  await expect(rotate.getByTestId("api-key-overlap")).toHaveText(/24 hours/);
  await rotate.getByTestId("api-key-rotate-submit").click();
  const second = await readSecret(page);
  expect(second).not.toBe(first);
  await rotate.getByTestId("api-key-done").click();
  await expect(row.getByTestId("api-key-status")).toHaveText("Rotating");
  await expectKeyWorks(first, orgId, projectId);
  await expectKeyWorks(second, orgId, projectId);

  // Admin → API keys (the owner) lists everyone's keys with their creator; a member has no such page.
  await ownerPage.goto(`${server.url}/admin/api-keys`);
  await expect(ownerPage.getByTestId("api-key-row")).toHaveCount(2);
  await expect(ownerPage.locator("[data-testid=api-key-row][data-name='Initial key (AIOS_INIT_API_KEY)']")).toContainText(OWNER.email);
  await expect(ownerPage.locator("[data-testid=api-key-row][data-name='E2E script']")).toContainText(MEMBER.email);
  await expect(ownerPage.locator("[data-testid=api-key-row][data-name='E2E script'] [data-testid=api-key-status]")).toHaveText("Rotating");
  await ownerPage.screenshot({ path: shot("admin"), fullPage: true });
  await ownerPage.emulateMedia({ colorScheme: "dark" });
  await ownerPage.screenshot({ path: shot("admin-dark"), fullPage: true });
  await page.goto(`${server.url}/admin/api-keys`);
  await expect(page.getByTestId("no-access")).toBeVisible();

  // Revoke from the member's own page: both secrets are refused from the next request on.
  await page.goto(`${server.url}/account/api-keys`);
  await row.getByTestId("api-key-actions").click();
  await page.getByTestId("api-key-revoke").click();
  await expect(page.getByTestId("confirm-dialog")).toContainText("Revoke E2E script?");
  await page.getByTestId("confirm-dialog-confirm").click();
  await expect(row.getByTestId("api-key-status")).toHaveText("Revoked");
  await expectKeyRefused(second, orgId, projectId);
  await expectKeyRefused(first, orgId, projectId);
  await expectKeyWorks(INIT_KEY, orgId, projectId); // other keys are untouched

  // No issued key in the audit trail (read with the init key) or the server's log.
  const audit = await trpcGet(INIT_KEY, "audit.list", { orgId, limit: 200 });
  expect(audit.status).toBe(200);
  const trail = JSON.stringify(audit.body);
  expect(trail).toContain("init.owner");
  for (const secret of issued) expect(trail).not.toContain(secret);
  expect(trail).not.toMatch(/aios_sk_[A-Za-z0-9_-]{43}/);
  const logs = readFileSync(logFile, "utf8");
  expect(logs).toContain("headless init: owner and organisation created");
  for (const secret of issued) expect(logs).not.toContain(secret);
  expect(logs).not.toMatch(/aios_sk_[A-Za-z0-9_-]{43}/);
  await context.close();
  await ownerContext.close();
});
