import { expect, test, type Page } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// Budgets in a browser against a real server with the offline model: an admin creates a budget (a bad
// limit is refused beside the field), chat spends on it, the 50 % alert reaches the notification bell
// live and is marked read; past the limit the chat answers with a readable refusal and the bell shows
// the 100 % alert; a limit below what is spent needs confirmation; a plan that does not fit what is
// left on the budget asks before it is approved.

const OWNER = { name: "Bea Budget", email: "bea@example.test", password: "correct horse battery staple" };
const shot = (name: string) => `test-results/screens/budgets-${name}.png`;

let server: RunningServer;
test.beforeAll(async () => {
  test.setTimeout(300_000); // may include a `next build`
  server = await startServer({
    env: { AIOS_INIT_OWNER_EMAIL: OWNER.email, AIOS_INIT_OWNER_PASSWORD: OWNER.password, AIOS_INIT_OWNER_NAME: OWNER.name, AIOS_INIT_ORG_NAME: "Thrift Labs" },
  });
});
test.afterAll(async () => {
  await server?.stop();
});

async function signIn(page: Page) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/$/);
}

let count: () => ReturnType<Page["getByTestId"]>;

async function chat(page: Page, text: string) {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-send").click();
}

async function newBudget(page: Page, o: { metric: string; period?: string; limit: string; policy?: string }) {
  await page.getByTestId("budget-new").click();
  const dialog = page.getByTestId("budget-dialog");
  await dialog.getByTestId("budget-metric").click();
  await page.getByRole("option", { name: o.metric, exact: true }).click();
  if (o.period) {
    await dialog.getByTestId("budget-period").click();
    await page.getByRole("option", { name: o.period, exact: true }).click();
  }
  if (o.policy) {
    await dialog.getByTestId("budget-policy").click();
    await page.getByRole("option", { name: o.policy, exact: true }).click();
  }
  await dialog.getByTestId("budget-limit").fill(o.limit);
  await dialog.getByTestId("budget-save").click();
  return dialog;
}

test("budgets page, alerts in the bell, chat refusal over budget, below-spent confirmation, plan over budget", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1400, height: 950 });
  await signIn(page);
  // The sidebar's bell (the mobile header has its own, hidden at this width).
  count = () => page.getByTestId("notification-bell").getByTestId("notification-count");

  // Admin → Budgets from the sidebar; nothing limits spend yet.
  await page.getByRole("link", { name: "Budgets" }).click();
  await expect(page).toHaveURL(/\/admin\/budgets$/);
  await expect(page.getByTestId("budgets-empty")).toBeVisible();
  await expect(page.getByTestId("notification-bell")).toBeVisible();
  await expect(count()).toHaveCount(0);
  await page.screenshot({ path: shot("empty"), fullPage: true });

  // A negative limit is refused beside the field; nothing is created.
  const dialog = await newBudget(page, { metric: "Requests", period: "Per day", limit: "-5" });
  await expect(dialog).toContainText("A budget limit must be more than zero.");
  await page.screenshot({ path: shot("invalid-limit") });
  await dialog.getByTestId("budget-limit").fill("2");
  await dialog.getByTestId("budget-save").click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId("budget-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Organisation");
  await expect(row).toContainText("Requests per day");
  await expect(row.getByTestId("budget-percent")).toHaveText("0%");

  // One chat turn (one model call) spends half of it: the 50 % alert reaches the bell live.
  await page.goto(`${server.url}/chat`);
  // Joined to the org's live room before anything happens (a first join starts at "now").
  await expect(page.getByTestId("connection-state")).toContainText("Live", { timeout: 30_000 });
  await chat(page, "What can you do?");
  await expect(page.getByText(/AIOS is a control plane/).first()).toBeVisible({ timeout: 30_000 });
  await expect(count()).toHaveText("1", { timeout: 30_000 });
  await page.getByTestId("notification-bell").click();
  const list = page.getByTestId("notification-list");
  await expect(list.getByTestId("notification-item")).toHaveCount(1);
  await expect(list.getByTestId("notification-item").first()).toContainText("50% of the Organisation budget of 2 requests per day used");
  await expect(list.getByTestId("notification-item").first()).toHaveAttribute("data-read", "false");
  await page.screenshot({ path: shot("bell-open") });
  await list.getByTestId("notification-mark-all").click();
  await expect(count()).toHaveCount(0);
  await page.keyboard.press("Escape");

  // The second call uses it up (100 % alert); the third turn gets a readable refusal, not an error.
  await chat(page, "And what else?");
  await expect(count()).toHaveText("1", { timeout: 30_000 });
  await chat(page, "One more question?");
  await expect(page.getByText(/I can't answer this right now: The organisation limit of 2 requests per day is used up/)).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: shot("chat-refusal") });

  // The budgets page shows it used up; a limit below what is spent needs confirmation.
  await page.goto(`${server.url}/admin/budgets`);
  await expect(page.getByTestId("budget-row").getByTestId("budget-percent")).toHaveText("100%");
  await page.screenshot({ path: shot("page"), fullPage: true });
  await page.getByTestId("budget-actions").click();
  await page.getByTestId("budget-edit").click();
  const edit = page.getByTestId("budget-dialog");
  await edit.getByTestId("budget-limit").fill("1");
  await expect(edit.getByTestId("budget-below-spent")).toContainText("2 requests is already spent this period");
  await edit.getByTestId("budget-save").click();
  await expect(edit).toContainText("confirm below to save it anyway");
  await page.screenshot({ path: shot("below-spent") });
  // Raise it instead: room for planning.
  await edit.getByTestId("budget-limit").fill("500");
  await edit.getByTestId("budget-save").click();
  await expect(edit).toBeHidden();
  await expect(page.getByTestId("budget-row").getByTestId("budget-percent")).toHaveText("0%");

  // A plan whose estimate does not fit what is left on a tokens budget asks before approval.
  await page.goto(`${server.url}/chat`);
  await chat(page, "Build a web app that displays stock prices");
  const card = page.getByTestId("plan-card");
  await expect(card).toBeVisible({ timeout: 60_000 });
  await page.goto(`${server.url}/projects`);
  await page.getByTestId("project-card").first().click();
  await expect(page).toHaveURL(/\/projects\/[^/]+$/);
  const projectUrl = page.url();
  await page.goto(`${server.url}/admin/budgets`);
  await newBudget(page, { metric: "Tokens", period: "In total", limit: "1000", policy: "Stop the project" });
  await expect(page.getByTestId("budget-row")).toHaveCount(2);
  await page.goto(projectUrl);
  const projectCard = page.getByTestId("plan-card");
  await expect(projectCard.getByTestId("plan-budget")).toHaveAttribute("data-fits", "false");
  await expect(projectCard.getByTestId("plan-budget")).toContainText("Does not fit the budget left");
  await projectCard.getByTestId("plan-approve").click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("This plan does not fit the budget left");
  await expect(confirm).toContainText("Organisation budget of 1,000 tokens in total: 1,000 tokens left");
  await page.screenshot({ path: shot("plan-over-budget") });
  await confirm.getByRole("button", { name: "Approve anyway" }).click();
  // The first agent call does not fit the 1,000 tokens left: the budget stops the project, and the page says why.
  await expect(page.getByTestId("project-stopped-reason")).toContainText("Stopped by its budget", { timeout: 60_000 });
  await expect(page.getByTestId("project-stopped-reason")).toContainText("Raise the budget (Admin → Budgets), then resume the project.");
  await page.screenshot({ path: shot("project-stopped"), fullPage: true });
});
