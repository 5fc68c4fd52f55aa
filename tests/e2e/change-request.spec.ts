import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// A change asked for in chat on a finished project: a plan card that waits for a person (nothing runs
// before), shown in chat and on the project page; approving it adds the change's tasks, which start.

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
  // startServer rebuilds when a source changed after the global build: give that time.
  testInfo.setTimeout(300_000);
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

const shot = (name: string) => `test-results/e2e/change-request-${name}.png`;

test("change request → plan card awaiting approval → approve → the new tasks appear and start", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill("Ada Owner");
  await page.getByLabel("Email").fill("ada@example.test");
  await page.getByLabel("Password", { exact: true }).fill("a long owner password");
  await page.getByLabel("Confirm password").fill("a long owner password");
  await page.getByLabel("Organisation name").fill("Lovelace Labs");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);

  // A finished project to change.
  await page.goto(`${server.url}/chat`);
  await page.getByTestId("chat-input").fill("Write a command-line tool that converts CSV to JSON");
  await page.getByTestId("chat-send").click();
  const plan = page.locator("[data-testid=plan-card][data-kind=new_project]");
  await expect(plan).toBeVisible({ timeout: 30_000 });
  await plan.getByTestId("plan-approve").click();
  await expect(plan).toHaveAttribute("data-status", "completed", { timeout: 180_000 });

  // The change: a plan card awaiting approval, and nothing starts.
  await page.getByTestId("chat-input").fill("Add a --pretty flag to the CSV to JSON tool");
  await page.getByTestId("chat-send").click();
  const change = page.locator("[data-testid=plan-card][data-kind=change_request]");
  await expect(change).toBeVisible({ timeout: 30_000 });
  await expect(change).toHaveAttribute("data-status", "draft");
  await expect(change.getByTestId("plan-status")).toHaveText("Awaiting approval");
  await expect(change).toContainText("Nothing runs until you approve");
  await expect(change.getByTestId("plan-approve")).toBeVisible();
  await expect(change.getByTestId("plan-edit")).toBeVisible();
  await expect(change.getByTestId("plan-cancel")).toBeVisible();
  const added = await change.getByTestId("plan-task").count();
  expect(added).toBeGreaterThan(0);
  await change.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("chat"), fullPage: true });
  await expect(plan).toHaveAttribute("data-status", "completed");

  // The project page shows the same pending change; the project's tasks are as they were.
  await plan.getByTestId("plan-open-project").click();
  await expect(page).toHaveURL(/\/projects\/[A-Za-z0-9_-]+/);
  const nodes = page.getByTestId("task-node");
  await expect(nodes.first()).toBeVisible();
  const before = await nodes.count();
  const pending = page.getByTestId("pending-change");
  await expect(pending).toBeVisible();
  await expect(pending.getByTestId("plan-task")).toHaveCount(added);
  await page.screenshot({ path: shot("project"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await pending.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("project-dark"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await expect(nodes).toHaveCount(before);

  // Approve: the banner goes, the change's tasks appear in the graph and start.
  await pending.getByTestId("plan-approve").click();
  await expect(pending).toBeHidden({ timeout: 15_000 });
  await expect(nodes).toHaveCount(before + added, { timeout: 15_000 });
  const started = page.locator("[data-testid=task-node]:not([data-status=pending])");
  await expect.poll(() => started.count(), { timeout: 60_000 }).toBeGreaterThan(before);
  await page.screenshot({ path: shot("approved"), fullPage: true });
});
