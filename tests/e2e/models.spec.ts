import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { startLoopbackOpenAI, type Loopback } from "../helpers/loopback-openai";
import { recordSecret } from "../helpers/secret-registry";
import { startServer, type RunningServer } from "../helpers/server-process";

// Admin → Models in a browser against a real server: an admin connects an OpenAI-compatible server (a
// loopback stand-in speaking OpenAI's HTTP protocol, with a key it checks), tests the connection, adds a
// model, prices it twice (history kept), gives it a tier, and never sees the key again except masked. A
// wrong URL gets a readable verdict; a member sees the page read-only. A server of its own: fresh install.

const OWNER = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery staple" };
const MEMBER = { name: "Max Member", email: "max@example.test", password: "member password 12345" };
const KEY = `sk-loopback-${randomBytes(18).toString("hex")}`;
const MODELS = ["llama3.1:8b", "qwen2.5-coder:7b", "mistral-small:24b"];
const shot = (name: string) => `test-results/screens/models-${name}.png`;

let server: RunningServer;
let loopback: Loopback;
test.beforeAll(async () => {
  // startServer may rebuild the app when sources changed since the global setup's build.
  test.setTimeout(10 * 60_000);
  recordSecret("secret", KEY);
  loopback = await startLoopbackOpenAI({ script: [{ text: "ok" }], models: MODELS, apiKey: KEY });
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
  await loopback?.close();
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`${server.url}/api/trpc/${path}`, { data: { json: input }, headers: { origin: server.url } });
  return { status: res.status(), body: await res.json() };
}

/** Nothing the browser holds as page text or markup contains the key. */
async function expectKeyNowhere(page: Page) {
  expect(await page.content()).not.toContain(KEY);
  expect(await page.evaluate(() => document.body.innerText)).not.toContain(KEY);
}

test("admin connects an OpenAI-compatible server, adds and prices a model, gives it a tier; a member reads", async ({ browser }) => {
  test.setTimeout(240_000);
  const owner = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await owner.newPage();
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByLabel("Confirm password").fill(OWNER.password);
  await page.getByLabel("Organisation name").fill("Acme Robotics");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);

  // From the admin navigation; a fresh install runs on the offline demo model.
  await page.getByRole("link", { name: "Models" }).click();
  await expect(page).toHaveURL(/\/admin\/models$/);
  await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
  await expect(page.getByTestId("catalog-table")).toContainText("Offline demo model");
  await expect(page.getByTestId("tier-panel")).toHaveCount(3);
  // Circuit breakers per model: nothing has failed on a fresh install.
  await expect(page.getByTestId("health-card")).toContainText("No failures seen");
  await page.screenshot({ path: shot("fresh"), fullPage: true });

  // Add provider: the kind preset fills the base URL; OpenAI-compatible has none, so presets are offered.
  await page.getByTestId("provider-add").click();
  const dialog = page.getByTestId("provider-dialog");
  await expect(dialog.getByTestId("provider-base-url")).toHaveValue("https://api.openai.com/v1");
  await dialog.getByTestId("provider-kind-anthropic").click();
  await expect(dialog.getByTestId("provider-base-url")).toHaveValue("https://api.anthropic.com/v1");
  await dialog.getByTestId("provider-kind-compatible").click();
  await expect(dialog.getByTestId("provider-base-url")).toHaveValue("");
  await dialog.getByTestId("provider-name").fill("GPU box");

  // Not a URL: the server's message shows under the Base URL field.
  await dialog.getByTestId("provider-base-url").fill("localhost 11434");
  await dialog.getByTestId("provider-test").click();
  await expect(dialog.getByRole("alert").filter({ hasText: /not a URL/i })).toBeVisible();

  // A URL where nothing listens: a readable verdict naming the address, not a stack trace.
  const deadUrl = `http://127.0.0.1:${await closedPort()}/v1`;
  await dialog.getByTestId("provider-base-url").fill(deadUrl);
  await dialog.getByTestId("provider-api-key").fill(KEY);
  await dialog.getByTestId("provider-test").click();
  const verdict = dialog.getByTestId("provider-test-verdict");
  await expect(verdict).toHaveAttribute("data-ok", "false", { timeout: 20_000 });
  await expect(verdict).toContainText(/reach|refused|connect/i);
  await expect(verdict).not.toContainText(/Error:|at \w+ \(|ECONNREFUSED\s*$/);
  await page.screenshot({ path: shot("test-failed") });

  // A wrong key: the stand-in refuses it as OpenAI does.
  await dialog.getByTestId("provider-base-url").fill(loopback.url);
  await dialog.getByTestId("provider-api-key").fill(`${KEY}-wrong`);
  await dialog.getByTestId("provider-test").click();
  await expect(verdict).toHaveAttribute("data-ok", "false", { timeout: 20_000 });
  await expect(verdict).toContainText(/key|401/i);

  // The right URL and key: connected, and the models the server lists.
  await dialog.getByTestId("provider-api-key").fill(KEY);
  await dialog.getByTestId("provider-test").click();
  await expect(verdict).toHaveAttribute("data-ok", "true", { timeout: 20_000 });
  await expect(verdict).toContainText("llama3.1:8b");
  await page.screenshot({ path: shot("test-ok") });
  await dialog.getByTestId("provider-save").click();
  await expect(dialog).toBeHidden();

  // The list: masked key, a verdict with its time (the save re-tests the stored provider).
  const row = page.locator('[data-testid=provider-row][data-provider="GPU box"]');
  await expect(row).toContainText("OpenAI-compatible");
  await expect(row).toContainText(loopback.url);
  const hint = (await row.getByTestId("provider-key-hint").textContent())!.trim();
  expect(hint).not.toContain(KEY);
  expect(hint.length).toBeLessThan(20);
  await expect(row.getByTestId("provider-last-test")).toHaveAttribute("data-ok", "true", { timeout: 20_000 });
  await expect(row.getByTestId("provider-last-test")).toContainText(/just now|minute/);
  // The stand-in saw the key on the wire: the server decrypted it to call out, and only there.
  expect(loopback.requests.some((r) => r.method === "GET" && r.path === "/v1/models" && r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  await expectKeyNowhere(page);

  // Add a model of that provider, with prices; the ids from the test are suggested.
  await row.getByTestId("provider-actions").click();
  await page.getByTestId("provider-action-add-model").click();
  const modelDialog = page.getByTestId("model-dialog");
  await expect(modelDialog.getByTestId("model-provider")).toContainText("GPU box");
  await modelDialog.getByTestId("model-id").fill("llama3.1:8b");
  await modelDialog.getByTestId("model-display-name").fill("Llama 3.1 8B");
  await modelDialog.getByTestId("model-context-window").fill("128k");
  await modelDialog.getByTestId("model-max-output").fill("8k");
  await modelDialog.getByTestId("price-inputPerMTok").fill("0.10");
  await modelDialog.getByTestId("price-outputPerMTok").fill("0.20");
  await modelDialog.getByTestId("price-cachedReadPerMTok").fill("0.05");
  await modelDialog.getByTestId("price-cacheWritePerMTok").fill("0.125");
  await page.screenshot({ path: shot("add-model") });
  await modelDialog.getByTestId("model-save").click();
  await expect(modelDialog).toBeHidden();
  const modelRow = page.locator('[data-testid=model-row][data-model-id="llama3.1:8b"]');
  await expect(modelRow).toContainText("Llama 3.1 8B");
  await expect(modelRow).toContainText("GPU box");
  await expect(modelRow).toContainText("128K");
  await expect(modelRow.getByTestId("model-inputPerMTok")).toHaveText("$0.10");
  await expect(modelRow.getByTestId("model-cacheWritePerMTok")).toHaveText("$0.125");
  await expect(modelRow.locator("[data-capability=tools]")).toBeVisible();

  // Edit its price: a negative one is refused beside the field; then a new price version.
  await modelRow.getByTestId("model-actions").click();
  await page.getByTestId("model-action-prices").click();
  const priceDialog = page.getByTestId("price-dialog");
  await expect(priceDialog.getByTestId("price-since")).toBeVisible();
  await priceDialog.getByTestId("price-inputPerMTok").fill("-1");
  await priceDialog.getByTestId("price-save").click();
  await expect(priceDialog.getByRole("alert").filter({ hasText: /negative/i })).toBeVisible();
  await priceDialog.getByTestId("price-inputPerMTok").fill("0.15");
  await priceDialog.getByTestId("price-save").click();
  await expect(priceDialog).toBeHidden();
  await expect(modelRow.getByTestId("model-inputPerMTok")).toHaveText("$0.15");
  await modelRow.getByTestId("model-actions").click();
  await page.getByTestId("model-action-prices").click();
  await expect(priceDialog.getByTestId("price-history-row")).toHaveCount(2);
  await expect(priceDialog.getByTestId("price-history-row").first()).toContainText("$0.15");
  await expect(priceDialog.getByTestId("price-history-row").last()).toContainText("$0.10");
  await page.screenshot({ path: shot("price-history") });
  await page.keyboard.press("Escape");
  await expect(priceDialog).toBeHidden();

  // Give it the fast tier: applies at once, survives a reload, and the row says so.
  const fast = page.locator("[data-testid=tier-panel][data-tier=fast]");
  await fast.getByTestId("tier-select").click();
  await page.getByRole("option", { name: /Llama 3\.1 8B/ }).click();
  await expect(fast.getByTestId("tier-select")).toContainText("Llama 3.1 8B");
  await expect(page.getByText(/applies to all processes without a restart/i).first()).toBeVisible();
  await expect(modelRow.getByTestId("model-tier")).toHaveText("Fast");
  await page.reload();
  await expect(page.locator("[data-testid=tier-panel][data-tier=fast]").getByTestId("tier-select")).toContainText("Llama 3.1 8B");
  await expect(page.locator("[data-testid=tier-panel][data-tier=fast]").getByTestId("tier-from-env")).toHaveCount(0);
  await page.screenshot({ path: shot("admin"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: shot("admin-dark"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  // Editing keeps the key when the field stays empty; the dialog shows only the hint.
  await row.getByTestId("provider-actions").click();
  await page.getByTestId("provider-action-edit").click();
  await expect(dialog.getByTestId("provider-api-key")).toHaveValue("");
  await expect(dialog).toContainText(hint);
  await dialog.getByTestId("provider-test").click();
  await expect(verdict).toHaveAttribute("data-ok", "true", { timeout: 20_000 });
  await dialog.getByTestId("provider-name").fill("GPU box (lab)");
  await dialog.getByTestId("provider-save").click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('[data-testid=provider-row][data-provider="GPU box (lab)"]').getByTestId("provider-key-hint")).toHaveText(hint);
  await expectKeyNowhere(page);

  // Removing the provider says which models go with it; refused while the fast tier uses one.
  await page.locator('[data-testid=provider-row][data-provider="GPU box (lab)"]').getByTestId("provider-actions").click();
  await page.getByTestId("provider-action-remove").click();
  await expect(page.getByTestId("provider-remove-models")).toHaveText("Llama 3.1 8B");
  await page.getByTestId("confirm-dialog-confirm").click();
  await expect(page.getByText(/Cannot remove "GPU box \(lab\)": the fast tier uses it/)).toBeVisible();
  await expect(page.getByTestId("confirm-dialog")).toBeHidden();
  await expect(page.locator('[data-testid=provider-row][data-provider="GPU box (lab)"]')).toBeVisible();

  // A member: the same page, read-only.
  const me = await (await page.request.get(`${server.url}/api/trpc/me.get`)).json();
  const org = me.result.data.json.memberships[0].orgId as string;
  const invite = await trpc(page, "members.invite", { orgId: org, email: MEMBER.email, role: "member" });
  const token = (invite.body.result.data.json.url as string).split("/invite/")[1];
  const member = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const memberPage = await member.newPage();
  await memberPage.goto(`${server.url}/invite/${token}`);
  await memberPage.getByLabel("Your name").fill(MEMBER.name);
  await memberPage.getByLabel("Choose a password").fill(MEMBER.password);
  await memberPage.getByLabel("Confirm password").fill(MEMBER.password);
  await memberPage.getByTestId("invite-accept-submit").click();
  await expect(memberPage).toHaveURL(/\/$/);
  await memberPage.goto(`${server.url}/admin/models`);
  await expect(memberPage.getByTestId("models-read-only")).toBeVisible();
  await expect(memberPage.getByTestId("provider-add")).toHaveCount(0);
  await expect(memberPage.getByTestId("model-add")).toHaveCount(0);
  await expect(memberPage.getByTestId("tier-select")).toHaveCount(0);
  await expect(memberPage.locator("[data-testid=tier-panel][data-tier=fast]").getByTestId("tier-model")).toContainText("Llama 3.1 8B");
  await expect(memberPage.getByTestId("provider-enabled")).toHaveCount(0);
  await expect(memberPage.locator('[data-testid=model-row][data-model-id="llama3.1:8b"]').getByTestId("model-inputPerMTok")).toHaveText("$0.15");
  await expectKeyNowhere(memberPage);
  // The API refuses the member the same way the UI hides it.
  const refused = await trpc(memberPage, "models.setTier", { orgId: org, tier: "fast", entryId: null });
  expect(refused.status).toBe(403);
  await memberPage.screenshot({ path: shot("member"), fullPage: true });

  // The key never reached the server's own output either.
  expect(server.logs()).not.toContain(KEY);
  await member.close();
  await owner.close();
});
