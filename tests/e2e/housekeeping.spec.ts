import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// Project housekeeping in a browser against a real server: rename (with the name's limit shown), archive
// (gone from the list, found under Archived), restore, and delete after a dialog that names the project;
// the list's search and filters; every changed page at 1440 and 390 px, light and dark, with long names.

const OWNER = { name: "Hana Housekeeper", email: "hana@example.test", password: "a long owner password" };
const LONG = "Quarterly revenue dashboard for the European subsidiaries with drill-down by region and product";
const RENAMED = "Revenue-dashboard-for-every-European-subsidiary-by-region-product-line-and-quarter-renamed-v2";
const shot = (name: string) => `test-results/screens/housekeeping-${name}.png`;

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
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

/** How far the page scrolls sideways beyond the viewport (0 when nothing overflows). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test("rename, archive, restore and delete a project; search and filter the list; screenshots", async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByLabel("Confirm password").fill(OWNER.password);
  await page.getByLabel("Organisation name").fill("Tidy Co");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);

  const me = await (await page.request.get(`${server.url}/api/trpc/me.get`)).json();
  const orgId = me.result.data.json.memberships[0].orgId as string;
  const create = async (name: string) => (await trpc(page, "projects.create", { orgId, name, goal: "Charts of revenue per quarter, per region" })).body.result.data.json.id as string;
  const projectId = await create(LONG);
  const other = await create("Weather widget");

  // Rename: the dialog shows the limit; the header shows the new name.
  await page.goto(`${server.url}/projects/${projectId}`);
  await expect(page.getByTestId("project-name")).toHaveText(LONG);
  await page.getByTestId("project-more").click();
  await page.getByTestId("project-rename").click();
  const input = page.getByTestId("rename-input");
  await expect(input).toHaveAttribute("maxlength", "100");
  await expect(page.getByTestId("rename-dialog")).toContainText(`${LONG.length} / 100 characters`);
  await input.fill(RENAMED);
  await page.screenshot({ path: shot("rename-dialog-1440") });
  await page.getByTestId("rename-save").click();
  await expect(page.getByTestId("project-name")).toHaveText(RENAMED);

  // Archive: after a confirmation, the project says so and leaves the list.
  await page.getByTestId("project-more").click();
  await page.getByTestId("project-archive").click();
  await expect(page.getByTestId("confirm-dialog")).toContainText(`Archive “${RENAMED}”?`);
  await page.getByTestId("confirm-dialog-confirm").click();
  await expect(page.getByTestId("project-archived")).toBeVisible();
  await expect(page.getByTestId("project-restore")).toBeVisible();

  await page.goto(`${server.url}/projects`);
  const cards = page.getByTestId("project-card");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("Weather widget");
  await page.getByTestId("project-filter-archived").click();
  await page.getByRole("option", { name: "Archived" }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(RENAMED);
  await expect(cards.first()).toContainText("Archived");
  await page.getByTestId("project-filter-archived").click();
  await page.getByRole("option", { name: "All" }).click();
  await expect(cards).toHaveCount(2);
  // Search by name (any case) and by status; nothing matching says so.
  await page.getByTestId("project-search").fill("WEATHER");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("Weather widget");
  await page.getByTestId("project-search").fill("no such project");
  await expect(page.getByTestId("projects-no-match")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByTestId("project-search")).toHaveValue("");
  await expect(cards).toHaveCount(1);
  await page.getByTestId("project-filter-status").click();
  await page.getByRole("option", { name: "Completed" }).click();
  await expect(page.getByTestId("projects-no-match")).toBeVisible();

  // Restore from the project page: back in the list.
  await page.goto(`${server.url}/projects/${projectId}`);
  await page.getByTestId("project-restore").click();
  await expect(page.getByTestId("project-archived")).toHaveCount(0);
  await page.goto(`${server.url}/projects`);
  await expect(cards).toHaveCount(2);

  // Screenshots of the changed pages with a long name: 1440 and 390 px, light and dark.
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 1000 });
      await page.goto(`${server.url}/projects`);
      await expect(cards).toHaveCount(2);
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: shot(`projects-${width}-${scheme}`), fullPage: true });
      expect(await overflow(page), `/projects scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      await page.goto(`${server.url}/projects/${projectId}`);
      await expect(page.getByTestId("project-name")).toHaveText(RENAMED);
      await page.waitForLoadState("networkidle");
      expect(await overflow(page), `the project page scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      const more = page.getByTestId("project-more");
      const box = (await more.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await more.click();
      await page.screenshot({ path: shot(`project-menu-${width}-${scheme}`) });
      await page.getByTestId("project-delete").click();
      await expect(page.getByTestId("confirm-dialog")).toBeVisible();
      await page.screenshot({ path: shot(`delete-dialog-${width}-${scheme}`) });
      await page.getByTestId("confirm-dialog-dismiss").click();
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 1000 });

  // Delete: the dialog names the project; afterwards it is gone for good.
  await page.getByTestId("project-more").click();
  await page.getByTestId("project-delete").click();
  await expect(page.getByTestId("confirm-dialog")).toContainText(`Delete “${RENAMED}” for good?`);
  await page.getByTestId("confirm-dialog-confirm").click();
  await expect(page).toHaveURL(`${server.url}/projects`);
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("Weather widget");
  const gone = await page.request.get(`${server.url}/api/trpc/projects.get?input=${encodeURIComponent(JSON.stringify({ json: { projectId } }))}`);
  expect(gone.status()).toBe(404);
  expect(other).not.toBe(projectId);
  await context.close();
});

test("rename, archive and restore a conversation; screenshots of the chat list", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(`${server.url}/`);

  await page.goto(`${server.url}/chat`);
  await page.getByTestId("chat-input").fill("Build a web app that displays stock prices");
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("plan-card")).toBeVisible({ timeout: 60_000 });
  const item = page.getByTestId("conversation-item");
  // The list refreshes when the turn has ended; reloading shows the stored conversation either way.
  await expect(page.getByTestId("chat-send")).toBeVisible();
  await page.reload();
  await expect(item).toHaveCount(1);

  const TITLE = "Stock-prices-web-app-for-the-trading-desk-with-a-very-long-title-2026";
  await page.getByTestId("conversation-more").first().click();
  await page.getByRole("menuitem", { name: "Rename…" }).click();
  await page.getByTestId("rename-input").fill(TITLE);
  await page.getByTestId("rename-save").click();
  await expect(item.first()).toContainText(TITLE);

  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 1000 });
      await page.goto(`${server.url}/chat`);
      if (width === 390) await page.getByRole("button", { name: "Show conversations" }).click();
      await expect(page.getByTestId("conversation-item").filter({ visible: true })).toHaveCount(1);
      await page.getByTestId("conversation-more").filter({ visible: true }).click();
      await page.screenshot({ path: shot(`chat-menu-${width}-${scheme}`) });
      await page.keyboard.press("Escape");
      expect(await overflow(page), `/chat scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`${server.url}/chat`);

  // Archive: the conversation leaves the list and is found under Archived; restore brings it back.
  await page.getByTestId("conversation-more").first().click();
  await page.getByRole("menuitem", { name: "Archive" }).click();
  await expect(page.getByTestId("conversations-empty").first()).toBeVisible();
  await page.getByTestId("conversations-archived-toggle").first().click();
  await expect(item.first()).toContainText(TITLE);
  await page.getByTestId("conversation-more").first().click();
  await page.getByRole("menuitem", { name: "Restore" }).click();
  await page.getByTestId("conversations-archived-toggle").first().click();
  await expect(item.first()).toContainText(TITLE);
  await context.close();
});
