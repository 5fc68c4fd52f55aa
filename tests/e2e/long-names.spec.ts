import type { Page } from "@playwright/test";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// Long names must not break layouts: a 200-character org and project name (unbroken, as a pasted id or
// an emoji-led name would be) on a phone leaves no page wider than the screen, and at 1440 px the
// project header keeps Pause / Cancel / Download on screen. The forms cap names below 200 characters,
// so the names are written into the database between two runs of the server (as older data or a
// direct import would leave them).

const OWNER = { name: "Lena Longname", email: "lena@example.test", password: "a long enough password" };
const ORG_NAME = `🚀 ${"Supercalifragilistic".repeat(10)}`.slice(0, 200);
const PROJECT_NAME = "Antidisestablishmentarianism-".repeat(7).slice(0, 200);

let server: RunningServer;
let projectId = "";

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const first = await startServer({ keepDataDir: true });
  const res = await fetch(`${first.url}/api/trpc/setup.createOwner`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: first.url },
    body: JSON.stringify({ json: { ...OWNER, orgName: "Seed org" } }),
  });
  expect(res.status).toBe(200);
  await first.stop();

  // Names longer than the forms allow, and a project in the middle of its run (so its header has every action).
  const pg = new PGlite({ dataDir: join(first.dataDir, "pgdata"), extensions: { vector } });
  await pg.query(`UPDATE "Org" SET name = $1`, [ORG_NAME]);
  const org = (await pg.query<{ id: string }>(`SELECT id FROM "Org" LIMIT 1`)).rows[0]!;
  projectId = `longnames${Date.now().toString(36)}`;
  await pg.query(
    `INSERT INTO "Project" (id, "orgId", name, goal, status, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, 'running', now(), now())`,
    [projectId, org.id, PROJECT_NAME, `Show stock prices for ${"averyveryverylongtickersymbol".repeat(5)} and the rest.`],
  );
  for (const [i, status] of ["completed", "draft", "failed"].entries()) {
    await pg.query(`INSERT INTO "Project" (id, "orgId", name, goal, status, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, now(), now())`, [
      `${projectId}x${i}`,
      org.id,
      `${status} ${PROJECT_NAME}`.slice(0, 200),
      "A goal of a few words.",
      status,
    ]);
  }
  await pg.query(`INSERT INTO "Project" (id, "orgId", name, goal, status, "createdAt", "updatedAt") VALUES ($1, $2, 'Ends while asked', 'A goal of a few words.', 'running', now(), now())`, [
    `${projectId}r`,
    org.id,
  ]);
  await pg.close();
  // AIOS_PUBLIC_URL unset (the server is still reached at 127.0.0.1): invite links follow the address in use.
  server = await startServer({ dataDir: first.dataDir, env: { AIOS_PUBLIC_URL: "" } });
});

test.afterAll(async () => {
  await server?.stop();
});

async function signIn(page: Page) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(`${server.url}/`);
}

/** How far the page scrolls sideways beyond the viewport (0 when nothing overflows). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const shot = (name: string) => `test-results/e2e/long-names-${name}.png`;

for (const scheme of ["light", "dark"] as const) {
  test(`a phone (390 px, ${scheme}): no page grows wider than the screen with 200-character names`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);

    const pages = [
      { name: "dashboard", path: "/", ready: page.getByRole("heading", { name: "Dashboard" }) },
      { name: "projects", path: "/projects", ready: page.getByText(PROJECT_NAME, { exact: true }).first() },
      { name: "project", path: `/projects/${projectId}`, ready: page.getByTestId("project-name") },
    ];
    for (const p of pages) {
      await page.goto(`${server.url}${p.path}`);
      await expect(p.ready).toBeVisible();
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: shot(`${p.name}-390-${scheme}`), fullPage: true });
      expect(await overflow(page), `${p.path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
    }

    // The navigation drawer: within the screen, and nothing inside it wider than the drawer.
    await page.getByRole("button", { name: "Open navigation" }).click();
    const drawer = page.getByRole("dialog", { name: "Navigation" });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByTestId("org-switcher")).toHaveAttribute("title", ORG_NAME);
    await page.screenshot({ path: shot(`drawer-390-${scheme}`) });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const box = (await drawer.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await drawer.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  });

  test(`a desktop (1440 px, ${scheme}): the project header keeps its actions on screen`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page);
    await page.goto(`${server.url}/projects/${projectId}`);
    const name = page.getByTestId("project-name");
    await expect(name).toHaveText(PROJECT_NAME);
    await expect(name).toHaveAttribute("title", PROJECT_NAME);
    const actions = [page.getByTestId("project-pause"), page.getByTestId("project-cancel"), page.getByTestId("download-zip")];
    for (const action of actions) {
      await expect(action).toBeVisible();
      const box = (await action.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(1440);
    }
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: shot(`project-1440-${scheme}`), fullPage: true });
    for (const path of ["/", "/projects"]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState("networkidle");
      expect(await overflow(page), `${path} scrolls sideways at 1440 px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: shot(`${path === "/" ? "dashboard" : "projects"}-1440-${scheme}`), fullPage: true });
    }
  });
}

test("the pause question is not two Cancel buttons, and goes away when the project ends while it is open", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page);
  await page.goto(`${server.url}/projects/${projectId}r`);
  await page.getByTestId("project-cancel").click();
  await expect(page.getByTestId("confirm-dialog-dismiss")).toHaveText("Keep the project");
  await expect(page.getByTestId("confirm-dialog-confirm")).toHaveText("Cancel project");
  await page.getByTestId("confirm-dialog-dismiss").click();
  await page.getByTestId("project-pause").click();
  await expect(page.getByTestId("confirm-dialog-dismiss")).toHaveText("Keep running");
  await expect(page.getByTestId("confirm-dialog-confirm")).toHaveText("Pause");
  await page.screenshot({ path: shot("pause-dialog-1440") });

  // Someone else cancels the project meanwhile: the open question about pausing it closes by itself.
  const cancelled = await page.request.post(`${server.url}/api/trpc/projects.cancel`, {
    data: { json: { projectId: `${projectId}r` } },
    headers: { origin: server.url },
  });
  expect(cancelled.status()).toBe(200);
  await expect(page.getByTestId("confirm-dialog")).toBeHidden({ timeout: 15_000 });
  await expect(page.getByTestId("project-pause")).toHaveCount(0);
});

test("editing a plan keeps keyboard focus on screen: into the first task, onto an added task, back to Edit", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await page.goto(`${server.url}/chat`);
  await page.getByTestId("chat-input").fill("Build a web app that displays stock prices");
  await page.getByTestId("chat-send").click();
  const card = page.getByTestId("plan-card");
  await expect(card.getByTestId("plan-edit")).toBeVisible({ timeout: 30_000 });

  const focusedOnScreen = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return { testId: null, onScreen: false };
      const r = el.getBoundingClientRect();
      return { testId: el.dataset.testid ?? el.tagName, onScreen: r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth };
    });

  await card.getByTestId("plan-edit").focus();
  await page.keyboard.press("Enter");
  await expect.poll(focusedOnScreen).toEqual({ testId: "plan-task-title", onScreen: true });
  await expect(page.locator(":focus")).toHaveValue(await card.getByTestId("plan-task-title").first().inputValue());
  await page.screenshot({ path: shot("plan-edit-focus-390") });

  await card.getByTestId("plan-add-task").focus();
  await page.keyboard.press("Enter");
  await expect.poll(focusedOnScreen).toEqual({ testId: "plan-task-title", onScreen: true });
  await expect(page.locator(":focus")).toHaveValue("");

  await card.getByTestId("plan-edit-discard").focus();
  await page.keyboard.press("Enter");
  await expect.poll(focusedOnScreen).toEqual({ testId: "plan-edit", onScreen: true });
});

for (const [width, scheme] of [[1440, "light"], [390, "dark"]] as const) {
  test(`an invite link at ${width} px (${scheme}) uses the address in use and says AIOS_PUBLIC_URL is not set`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width, height: 900 });
    await signIn(page);
    await page.goto(`${server.url}/admin/members`);
    await page.getByTestId("invite-open").click();
    await page.getByTestId("invite-email").fill(`invitee-${width}@example.test`);
    expect(await page.getByTestId("invite-email").getAttribute("maxlength")).toBe("254");
    await page.getByTestId("invite-submit").click();
    await expect(page.getByTestId("invite-url")).toHaveText(new RegExp(`^${server.url.replace(/\./g, "\\.")}/invite/[A-Za-z0-9_-]+$`));
    await expect(page.getByTestId("invite-public-url-warning")).toContainText("AIOS_PUBLIC_URL is not set");
    await page.screenshot({ path: shot(`invite-${width}-${scheme}`) });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
}
