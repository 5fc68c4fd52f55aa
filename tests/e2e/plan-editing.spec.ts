import { expect, test, type Page } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// Editing a proposed plan before approval: reassign a role, change dependencies (a loop is refused with
// a sentence), add a task, save without approving (nothing runs, the saved plan survives a reload); then
// the project's task graph keeps its labels readable (never under 12 px) and pans instead of shrinking.

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(400_000);
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

// Outside the reporter's output folder, which each run empties.
const shot = (name: string) => `test-results/screens/plan-editing-${name}.png`;

async function shots(page: Page, name: string) {
  for (const [w, h] of [[1440, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const scheme of ["light", "dark"] as const) {
      await page.evaluate((s) => {
        document.documentElement.classList.toggle("dark", s === "dark");
        document.documentElement.style.colorScheme = s;
      }, scheme);
      await page.waitForTimeout(150);
      await page.screenshot({ path: shot(`${name}-${w}-${scheme}`), fullPage: true });
    }
  }
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("edit a plan: reassign, depend, add a task, save without approving; the graph stays readable", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill("Ada Owner");
  await page.getByLabel("Email").fill("ada@example.test");
  await page.getByLabel("Password", { exact: true }).fill("a long owner password");
  await page.getByLabel("Confirm password").fill("a long owner password");
  await page.getByLabel("Organisation name").fill("Lovelace Labs");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto(`${server.url}/chat`);
  // The offline notice is one line with the action for an owner, and stays dismissed after a reload.
  const notice = page.getByTestId("offline-model-banner");
  await expect(notice).toBeVisible();
  await expect(notice.getByTestId("offline-model-configure")).toBeVisible();
  expect((await notice.boundingBox())!.height).toBeLessThanOrEqual(40);
  await page.getByTestId("chat-input").fill("Build a web app that displays stock prices");
  await page.getByTestId("chat-send").click();
  const card = page.locator("[data-testid=plan-card][data-kind=new_project]");
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card.getByTestId("plan-total-time")).toContainText("(offline demo)");
  await expect(card.getByTestId("plan-total-time")).toContainText(/~\d+ seconds/);
  await shots(page, "chat");
  await notice.getByTestId("offline-model-dismiss").click();
  await page.reload();
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("offline-model-badge")).toBeVisible();
  await expect(page.getByTestId("offline-model-banner")).toHaveCount(0);

  const before = await card.getByTestId("plan-task").count();
  await card.getByTestId("plan-edit").click();
  const tasks = card.getByTestId("plan-task");
  const first = tasks.first();
  const firstKey = (await first.getAttribute("data-key"))!;
  const last = tasks.last();
  const lastKey = (await last.getAttribute("data-key"))!;

  // Reassign the first task to the researcher.
  await first.getByTestId("plan-task-role").click();
  await page.locator("[data-testid=plan-task-role-option][data-role=researcher]").click();
  await expect(first.getByTestId("plan-task-role")).toContainText("Researcher");

  // The first task waiting for the last one closes a loop: named, and nothing can be saved.
  await first.locator(`[data-testid=plan-task-dep-toggle][data-key="${lastKey}"]`).click();
  await expect(card.getByTestId("plan-problems")).toContainText("wait for each other in a loop");
  await expect(card.getByTestId("plan-save")).toBeDisabled();
  await first.locator(`[data-testid=plan-task-dep-toggle][data-key="${lastKey}"]`).click();
  await expect(card.getByTestId("plan-problems")).toHaveCount(0);

  // Add a task that waits for the first one.
  await card.getByTestId("plan-add-task").click();
  const added = tasks.last();
  await expect(tasks).toHaveCount(before + 1);
  await added.getByTestId("plan-task-title").fill("Write the deployment notes");
  await added.getByTestId("plan-task-description").fill("Explain how to start the app and where prices come from.");
  await added.getByTestId("plan-task-criterion").first().fill("README explains how to run it");
  await added.locator(`[data-testid=plan-task-dep-toggle][data-key="${firstKey}"]`).click();
  await expect(added.locator(`[data-testid=plan-task-dep-toggle][data-key="${firstKey}"]`)).toHaveAttribute("aria-pressed", "true");
  await card.scrollIntoViewIfNeeded();
  await shots(page, "editing");

  // Save without approving: the card leaves edit mode, still awaiting approval, and the plan survives a reload.
  await card.getByTestId("plan-save").click();
  await expect(card.getByTestId("plan-edit")).toBeVisible();
  await expect(card).toHaveAttribute("data-status", "draft");
  await page.reload();
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card.getByTestId("plan-task")).toHaveCount(before + 1);
  await expect(card.locator(`[data-testid=plan-task][data-key="${firstKey}"] [data-role=researcher]`)).toBeVisible();
  await expect(card.getByTestId("plan-task").last()).toContainText("Write the deployment notes");
  await expect(card.getByTestId("plan-status")).toHaveText("Awaiting approval");

  // Approve; on the project page every graph label is at least 12 px on screen.
  await card.getByTestId("plan-approve").click();
  await expect(card).not.toHaveAttribute("data-status", "draft", { timeout: 30_000 });
  await card.getByTestId("plan-open-project").click();
  await expect(page).toHaveURL(/\/projects\/[A-Za-z0-9_-]+/);
  await expect(page.getByTestId("task-node")).toHaveCount(before + 1);
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(400);
    const smallest = await page.evaluate(() => {
      const viewport = document.querySelector(".react-flow__viewport") as HTMLElement;
      const scale = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
      const sizes = [...document.querySelectorAll("[data-testid=task-node] span")].map((s) => parseFloat(getComputedStyle(s).fontSize) * scale);
      return Math.min(...sizes);
    });
    expect(smallest).toBeGreaterThanOrEqual(12);
  }
  await expect(page.getByTestId("task-graph")).toHaveAttribute("data-overflows", "true");
  await shots(page, "project");

  // The dashboard's activity: people's events only, each with the project's name.
  await page.goto(`${server.url}/`);
  await expect(page.getByTestId("activity-item").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("activity-project").first()).toBeVisible();
  await shots(page, "dashboard");
});
