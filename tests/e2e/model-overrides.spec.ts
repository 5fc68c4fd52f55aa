import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// A project's model per role, in a browser against a real server: the owner picks a model for one role
// from the org's catalog, saves, and finds it again after a reload (stored as projects.updateSettings
// takes it); a model that is not in the catalog is refused with a sentence; a viewer sees the choice
// read-only; "Clear all" puts every role back on its tier's model.

const OWNER = { name: "Ada Owner", email: "ada@example.test", password: "a long owner password" };
const VIEWER = { name: "Vic Viewer", email: "vic@example.test", password: "a long viewer password" };
const shot = (name: string) => `test-results/screens/model-overrides-${name}.png`;

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
  // startServer rebuilds when a source changed after the global build: give that time.
  testInfo.setTimeout(600_000);
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`${server.url}/api/trpc/${path}`, { data: { json: input }, headers: { origin: server.url } });
  return { status: res.status(), body: await res.json() };
}

async function overridesOf(page: Page, projectId: string) {
  const res = await page.request.get(`${server.url}/api/trpc/projects.get?input=${encodeURIComponent(JSON.stringify({ json: { projectId } }))}`);
  return (await res.json()).result.data.json.settings.modelOverrides as { role: string; model: string }[];
}

test("an owner chooses a model for a role, it persists, a viewer reads it, clear all resets", async ({ browser }) => {
  test.setTimeout(240_000);
  const owner = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await owner.newPage();
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByLabel("Confirm password").fill(OWNER.password);
  await page.getByLabel("Organisation name").fill("Lovelace Labs");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);

  const me = await (await page.request.get(`${server.url}/api/trpc/me.get`)).json();
  const orgId = me.result.data.json.memberships[0].orgId as string;
  const created = await trpc(page, "projects.create", { orgId, name: "Todo API", goal: "A REST API for todos with tests" });
  const projectId = created.body.result.data.json.id as string;
  await page.goto(`${server.url}/projects/${projectId}`);

  const open = page.getByTestId("model-overrides-open");
  await expect(open).toContainText("tier defaults");
  await open.click();
  const dialog = page.getByTestId("model-overrides-dialog");
  // A row for every role and one per role of the team (the offline planner's plan has a backend engineer).
  await expect(dialog.locator("[data-testid=model-override-row][data-role='*']")).toBeVisible();
  const backend = dialog.locator("[data-testid=model-override-row][data-role=backend]");
  await expect(backend).toContainText("As every role");
  await backend.getByTestId("model-override-select").click();
  const option = page.getByTestId("model-override-option").first();
  const chosen = (await option.locator("div > span").first().innerText()).trim();
  await option.click();
  await expect(backend.getByTestId("model-override-select")).toContainText(chosen);
  await page.screenshot({ path: shot("dialog"), fullPage: true });
  await dialog.getByTestId("model-overrides-save").click();
  await expect(dialog).toBeHidden();
  await expect(open).toContainText("1 role chosen");

  // Stored as the server takes it, and shown again after a reload.
  const stored = await overridesOf(page, projectId);
  expect(stored).toHaveLength(1);
  expect(stored[0]!.role).toBe("backend");
  await page.reload();
  await expect(open).toContainText("1 role chosen");
  await open.click();
  await expect(dialog.locator("[data-testid=model-override-row][data-role=backend]").getByTestId("model-override-select")).toContainText(chosen);
  await page.keyboard.press("Escape");

  // A model the org does not have: a sentence naming the role, never a schema dump.
  const refused = await trpc(page, "projects.updateSettings", { projectId, modelOverrides: [{ role: "qa", model: "nope:missing" }] });
  expect(refused.status).toBe(400);
  expect(refused.body.error.json.message).toBe('The model "nope:missing" chosen for the qa role is not an enabled model of this organisation (see Admin → Models).');

  // A viewer sees the choice, read-only.
  const invite = await trpc(page, "members.invite", { orgId, email: VIEWER.email, role: "viewer" });
  const token = (invite.body.result.data.json.url as string).split("/invite/")[1];
  const viewer = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const viewerPage = await viewer.newPage();
  await viewerPage.goto(`${server.url}/invite/${token}`);
  await viewerPage.getByLabel("Your name").fill(VIEWER.name);
  await viewerPage.getByLabel("Choose a password").fill(VIEWER.password);
  await viewerPage.getByLabel("Confirm password").fill(VIEWER.password);
  await viewerPage.getByTestId("invite-accept-submit").click();
  await expect(viewerPage).toHaveURL(/\/$/);
  await viewerPage.goto(`${server.url}/projects/${projectId}`);
  await viewerPage.getByTestId("model-overrides-open").click();
  const readOnly = viewerPage.getByTestId("model-overrides-dialog");
  await expect(readOnly.getByTestId("model-overrides-locked")).toBeVisible();
  await expect(readOnly.getByTestId("model-override-select")).toHaveCount(0);
  await expect(readOnly.locator("[data-testid=model-override-row][data-role=backend]").getByTestId("model-override-value")).toHaveText(chosen);
  await expect(readOnly.getByTestId("model-overrides-save")).toHaveCount(0);
  await viewerPage.screenshot({ path: shot("viewer-390"), fullPage: true });
  expect((await trpc(viewerPage, "projects.updateSettings", { projectId, modelOverrides: [] })).status).toBe(403);

  // Clear all: every role back on its tier's model.
  await open.click();
  await dialog.getByTestId("model-overrides-clear").click();
  await expect(dialog).toBeHidden();
  await expect(open).toContainText("tier defaults");
  expect(await overridesOf(page, projectId)).toEqual([]);
});
