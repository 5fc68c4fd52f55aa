import { expect, test, type Locator } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// Live streaming in a browser: the offline model slowed to a human pace (AIOS_OFFLINE_MODEL_DELAY_MS,
// spread over the pieces of its streamed answer) builds a project, and the open task's timeline shows the
// step being written — text and tool input growing — before that step's stored events arrive; then the
// partial gives way to the stored step. The chat's answer to a question streams in the same way.

const DELAY_MS = 3000;
let server: RunningServer;
test.beforeAll(async () => {
  test.setTimeout(300_000); // may include a `next build`
  server = await startServer({ env: { AIOS_OFFLINE_MODEL_DELAY_MS: String(DELAY_MS) } });
});
test.afterAll(async () => {
  await server?.stop();
});

const shot = (name: string) => `test-results/screens/streaming-${name}.png`;
const size = async (l: Locator) => ((await l.textContent()) ?? "").length;

test("the timeline shows a step's text and tool input while the model writes it, before the step ends", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1400, height: 950 });
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill("Sol Stream");
  await page.getByLabel("Email").fill("sol@example.test");
  await page.getByLabel("Password", { exact: true }).fill("a long owner password");
  await page.getByLabel("Confirm password").fill("a long owner password");
  await page.getByLabel("Organisation name").fill("Stream Labs");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);

  // Chat: a general question's answer appears in pieces while the model writes it.
  await page.goto(`${server.url}/chat`);
  await page.getByTestId("chat-input").fill("Hello, what can you do?");
  await page.getByTestId("chat-send").click();
  const answer = page.locator("[data-role=assistant]").last();
  await expect(answer).toContainText(/\w+/, { timeout: 30_000 });
  const early = await size(answer);
  await expect(answer).toContainText("offline demo model", { timeout: 30_000 });
  expect(early).toBeLessThan(await size(answer));
  await page.screenshot({ path: shot("chat") });

  await page.getByTestId("chat-input").fill("Build a web app that displays stock prices");
  await page.getByTestId("chat-send").click();
  const card = page.getByTestId("plan-card");
  await expect(card).toBeVisible({ timeout: 60_000 });
  await card.getByTestId("plan-approve").click();
  await card.getByTestId("plan-open-project").click();
  await expect(page).toHaveURL(/\/projects\/[A-Za-z0-9_-]+/);

  // Open the task an agent is working on.
  const running = page.locator("[data-testid=task-node][data-status=running]").first();
  await expect(running).toBeVisible({ timeout: 60_000 });
  await running.click();
  const panel = page.getByTestId("task-panel");
  const live = panel.getByTestId("live-step");
  await expect(live).toBeVisible({ timeout: 30_000 });

  // The step in progress grows in place: a later look at the same step shows more of it.
  const step = await live.getAttribute("data-step");
  const sameStep = panel.locator(`[data-testid=live-step][data-step="${step}"]`);
  const first = await size(sameStep);
  expect(first).toBeGreaterThan(0);
  await expect.poll(() => size(sameStep), { timeout: DELAY_MS * 2 }).toBeGreaterThan(first);
  const storedBefore = await panel.getByTestId("timeline-item").count();
  await panel.screenshot({ path: shot("live-step") });

  // When the step is stored, its partial gives way to the stored events.
  await expect(sameStep).toHaveCount(0, { timeout: DELAY_MS * 4 });
  await expect.poll(() => panel.getByTestId("timeline-item").count()).toBeGreaterThan(storedBefore);
  await panel.screenshot({ path: shot("stored-step") });
});
