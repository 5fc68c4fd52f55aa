import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { formatUsd } from "../../components/projects/format-usage";
import { embeddedServerEnv, startServer, type RunningServer } from "../helpers/server-process";

// Admin → Usage in a browser over seeded model calls (tests/e2e/usage-seed.ts, written into the data
// folder while the server is stopped): the KPI cards show the sums over the LlmCall rows, a number
// opens the calls behind it, the CSV download holds exactly those rows, and a project's Cost tab
// shows its spend against the plan. A server of its own: it needs a fresh install to seed.

const OWNER = { name: "Uma Usage", email: "uma@example.test", password: "correct horse battery staple" };
const shot = (name: string) => `test-results/screens/usage-${name}.png`;

type Seeded = {
  orgId: string;
  projectId: string;
  today: string;
  last30: { costUsd: number; calls: number; failedCostUsd: number; failedCalls: number };
  trackerAllTime: number;
};

let server: RunningServer;
let seeded: Seeded;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const first = await startServer({ keepDataDir: true });
  try {
    const res = await fetch(`${first.url}/api/trpc/setup.createOwner`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: first.url },
      body: JSON.stringify({ json: { ...OWNER, orgName: "Usage Labs" } }),
    });
    expect(res.status).toBe(200);
  } finally {
    await first.stop();
  }
  const out = execFileSync("npx", ["tsx", "--import", "./scripts/register.mjs", "tests/e2e/usage-seed.ts"], {
    env: { ...embeddedServerEnv(first.port, first.dataDir), LOG_LEVEL: "warn" },
    encoding: "utf8",
    timeout: 180_000,
  });
  seeded = JSON.parse(out.trim().split("\n").at(-1)!) as Seeded;
  server = await startServer({ dataDir: first.dataDir });
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

test("the Usage page shows the seeded calls' sums, the calls behind a number, and their CSV", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signIn(page);
  await page.goto(`${server.url}/admin/usage`);

  // Default range: the last 30 days of the org's calendar.
  await expect(page.getByTestId("kpi-spend-value")).toHaveText(formatUsd(seeded.last30.costUsd));
  await expect(page.getByTestId("kpi-spend")).toContainText(`${seeded.last30.calls} model calls`);
  await expect(page.getByTestId("kpi-failed-value")).toHaveText(formatUsd(seeded.last30.failedCostUsd));
  await expect(page.getByTestId("usage-spend-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("usage-budget")).toHaveCount(2);
  await expect(page.getByTestId("usage-top-project").first()).toContainText("Price tracker");
  await page.screenshot({ path: shot("page"), fullPage: true });

  // The failed-call cost opens exactly the failed calls.
  await page.getByTestId("kpi-failed").getByRole("button").click();
  const drawer = page.getByTestId("usage-calls-drawer");
  await expect(drawer.getByTestId("usage-call-row")).toHaveCount(seeded.last30.failedCalls);
  await expect(drawer.getByText("Failed").first()).toBeVisible();
  await page.screenshot({ path: shot("failed-calls") });

  // The CSV of those rows: one line per call.
  const [download] = await Promise.all([page.waitForEvent("download"), drawer.getByTestId("usage-calls-csv").click()]);
  const csv = readFileSync((await download.path())!, "utf8").trim().split("\r\n");
  expect(csv[0]).toMatch(/^id,createdAt,projectId/);
  expect(csv).toHaveLength(seeded.last30.failedCalls + 1);
  const costs = csv.slice(1).map((l) => Number(l.split(",")[19]));
  expect(Number(costs.reduce((a, b) => a + b, 0).toFixed(6))).toBe(seeded.last30.failedCostUsd);
  await page.keyboard.press("Escape");

  // Stacked by project, per week.
  await page.getByTestId("usage-bucket-week").click();
  await page.getByTestId("usage-group").click();
  await page.getByRole("option", { name: "Project" }).click();
  await expect(page.getByTestId("usage-spend-chart")).toContainText("Docs site");
  await page.getByTestId("usage-spend-chart").screenshot({ path: shot("by-project-weekly") });

  // The project's Cost tab: all-time spend against the plan's estimate, per task.
  await page.goto(`${server.url}/projects/${seeded.projectId}?tab=cost`);
  await expect(page.getByTestId("project-cost-summary")).toContainText(formatUsd(seeded.trackerAllTime));
  await expect(page.getByTestId("project-cost-summary")).toContainText(formatUsd(1.5));
  await expect(page.getByTestId("project-cost-task")).toHaveCount(2);
  await page.screenshot({ path: shot("project-cost"), fullPage: true });
});
