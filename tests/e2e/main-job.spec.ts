import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// The main job in a browser, with the offline demo model: chat a request → plan card → approve →
// the graph turns green live → QA's hand-back is in the timeline → files and passing tests are
// visible → the workspace downloads as a zip that unpacks. A server of its own: a fresh install.

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

const shot = (name: string) => `test-results/e2e/main-job-${name}.png`;

test("chat → plan → approve → agents build it live, with QA's hand-back, files, tests and a zip", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill("Grace Owner");
  await page.getByLabel("Email").fill("grace@example.test");
  await page.getByLabel("Password", { exact: true }).fill("a long owner password");
  await page.getByLabel("Confirm password").fill("a long owner password");
  await page.getByLabel("Organisation name").fill("Hopper Labs");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);

  // Chat: the offline model is labelled, the request gets a plan card.
  await page.goto(`${server.url}/chat`);
  await expect(page.getByTestId("offline-model-badge").or(page.getByTestId("offline-model-banner")).first()).toBeVisible();
  await page.getByTestId("chat-input").fill("Build a web app that displays stock prices");
  await page.getByTestId("chat-send").click();
  const card = page.getByTestId("plan-card");
  await expect(card).toBeVisible({ timeout: 30_000 });
  const planned = await card.getByTestId("plan-task").count();
  expect(planned).toBeGreaterThanOrEqual(4);
  await expect(card.getByTestId("plan-total-cost")).toBeVisible();
  await page.screenshot({ path: shot("chat"), fullPage: true });

  await card.getByTestId("plan-approve").click();
  await card.getByTestId("plan-open-project").click();
  await expect(page).toHaveURL(/\/projects\/[A-Za-z0-9_-]+/);
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  // The graph colours itself live until every task has succeeded.
  const nodes = page.getByTestId("task-node");
  await expect(nodes).toHaveCount(planned, { timeout: 30_000 });
  await expect(page.locator('[data-testid=task-node][data-status=succeeded]')).toHaveCount(planned, { timeout: 180_000 });
  await page.screenshot({ path: shot("graph"), fullPage: true });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // QA handed a failing test back to the backend agent, visibly.
  const qaNode = page.locator("[data-testid=task-node]").filter({ hasText: /QA/i }).first();
  await qaNode.click();
  const panel = page.getByTestId("task-panel");
  await expect(panel.getByTestId("handoff-callout").first()).toBeVisible();
  await expect(panel.getByTestId("handoff-callout").first()).toContainText(/backend/i);
  // …and QA's final test run passed.
  const testRuns = panel.locator("details[data-tool=run_command]");
  await expect(testRuns.last()).toHaveAttribute("data-ok", "true");
  await testRuns.last().locator("summary").click();
  await expect(testRuns.last()).toContainText(/# pass \d+/);
  await expect(testRuns.last()).toContainText("# fail 0");
  // Why this model: the step's routing opens from its usage, without folding the step away.
  await testRuns.last().getByTestId("why-this-model").filter({ visible: true }).click();
  const why = page.getByTestId("why-this-model-details");
  await expect(why).toContainText("Why offline:aios-offline-1");
  await expect(why).toContainText(/tier \(the caller's choice\)/);
  await expect(why.getByTestId("why-this-model-attempts")).toContainText("answered");
  await page.screenshot({ path: shot("why-this-model") });
  await page.keyboard.press("Escape");
  await expect(why).toBeHidden();
  await expect(testRuns.last()).toHaveAttribute("open", "");
  await page.screenshot({ path: shot("task-panel"), fullPage: true });

  // Files: the tree and a file's contents.
  await page.getByTestId("files-tab").click();
  const tree = page.getByTestId("file-tree");
  await expect(tree.getByTestId("file-item").first()).toBeVisible();
  await tree.locator('[data-testid=file-item][data-path="package.json"]').click();
  await expect(page.getByTestId("file-viewer")).toContainText('"test"');
  await page.screenshot({ path: shot("files"), fullPage: true });

  // The zip downloads and unpacks.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-zip").first().click()]);
  const dir = mkdtempSync(join(tmpdir(), "aios-zip-"));
  const zip = join(dir, "project.zip");
  await download.saveAs(zip);
  const listing = execFileSync("python3", ["-m", "zipfile", "-l", zip], { encoding: "utf8" });
  expect(listing).toContain("package.json");
  expect(listing).not.toContain(".git/");
  execFileSync("python3", ["-m", "zipfile", "-e", zip, join(dir, "out")]);
  // Everything unpacks into one folder named after the project.
  const folders = readdirSync(join(dir, "out"));
  expect(folders).toHaveLength(1);
  const tests = execFileSync(process.execPath, ["--test"], { cwd: join(dir, "out", folders[0]!), encoding: "utf8" });
  expect(tests).toContain("# fail 0");
});
