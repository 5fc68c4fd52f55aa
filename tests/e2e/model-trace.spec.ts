import { expect, test, type Page } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// The model trace in a browser, with the offline demo model: a demo project's agent step opens its
// model call (system, messages, tools, answer, routing) from the timeline; the project's calls list
// searches by task and outcome and opens the same trace. Screenshots at 1440 and 390 px.

let server: RunningServer;
test.beforeAll(async () => {
  test.setTimeout(300_000); // may include a `next build`
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

const shot = (name: string) => `test-results/screens/model-trace-${name}.png`;

async function expectTrace(page: Page) {
  const dialog = page.getByTestId("trace-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("trace-summary")).toContainText("offline:aios-offline-1");
  await expect(dialog.getByTestId("trace-system")).toContainText("You are the");
  await expect(dialog.getByTestId("trace-message").first()).toBeVisible();
  await expect(dialog.getByTestId("trace-answer")).toBeVisible();
  await expect(dialog.getByTestId("trace-routing")).toContainText("tier");
  return dialog;
}

test("a demo project's model call opens from the timeline and from the searchable calls list", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill("Tracy Trace");
  await page.getByLabel("Email").fill("tracy@example.test");
  await page.getByLabel("Password", { exact: true }).fill("a long owner password");
  await page.getByLabel("Confirm password").fill("a long owner password");
  await page.getByLabel("Organisation name").fill("Trace Labs");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto(`${server.url}/chat`);
  await page.getByTestId("chat-input").fill("Build a web app that displays stock prices");
  await page.getByTestId("chat-send").click();
  const card = page.getByTestId("plan-card");
  await expect(card).toBeVisible({ timeout: 60_000 });
  await card.getByTestId("plan-approve").click();
  await card.getByTestId("plan-open-project").click();
  await expect(page).toHaveURL(/\/projects\/[A-Za-z0-9_-]+/);

  // The first finished task: its steps' model calls open from the timeline.
  const done = page.locator("[data-testid=task-node][data-status=succeeded]").first();
  await expect(done).toBeVisible({ timeout: 120_000 });
  await done.click();
  const panel = page.getByTestId("task-panel");
  const traceLink = panel.getByTestId("view-trace").first();
  await expect(traceLink).toBeVisible({ timeout: 30_000 });
  await traceLink.click();
  const dialog = await expectTrace(page);
  await expect(dialog.getByTestId("trace-tools")).toBeVisible();
  await page.screenshot({ path: shot("timeline-1440") });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: shot("timeline-390") });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // The Cost tab's calls: search by task and outcome, then open one.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByTestId("cost-tab").click();
  await page.getByTestId("kpi-spend").getByRole("button").click();
  const drawer = page.getByTestId("usage-calls-drawer");
  await expect(drawer.getByTestId("usage-call-row").first()).toBeVisible();
  const all = await drawer.getByTestId("usage-call-row").count();
  const filters = drawer.getByTestId("calls-filters");
  await filters.getByLabel("Outcome").selectOption("failed");
  await expect(drawer.getByText("No calls")).toBeVisible();
  await filters.getByLabel("Outcome").selectOption("ok");
  // The first task of the plan is the first to run: its calls, and only its calls.
  await filters.getByLabel("Task").selectOption({ index: 1 });
  const picked = (await filters.getByLabel("Task").locator("option:checked").textContent())!.trim();
  await expect(drawer.getByTestId("usage-call-row").first()).toBeVisible();
  expect(await drawer.getByTestId("usage-call-row").count()).toBeLessThanOrEqual(all);
  for (const row of await drawer.getByTestId("usage-call-row").all()) await expect(row).toContainText(picked);
  await page.screenshot({ path: shot("calls-1440") });
  await drawer.getByTestId("usage-call-trace").first().click();
  await expectTrace(page);
  await page.screenshot({ path: shot("calls-trace-1440") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shot("calls-trace-390") });
});
