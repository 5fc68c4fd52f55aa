import { defineConfig, devices } from "@playwright/test";

// E2E: Debian's Chromium (never `playwright install`: no downloads here) against a real server
// process that each worker starts itself (tests/setup/e2e.ts → tests/helpers/server-process.ts).
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results/e2e",
  globalSetup: "./tests/setup/e2e-global-setup.ts",
  // One worker: 2 cores, and each worker runs its own server + Chromium.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalTimeout: 30 * 60_000,
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.AIOS_E2E_JSON_REPORT ?? "test-results/reports/e2e.json" }],
  ],
  use: {
    ...devices["Desktop Chrome"],
    headless: true,
    screenshot: "only-on-failure",
    trace: "off",
    video: "off",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env.AIOS_CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: CHROMIUM_FLAGS,
    },
  },
  projects: [{ name: "chromium" }],
});
