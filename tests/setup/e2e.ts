import { test as base, expect } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// E2E specs import { test, expect } from here: every worker gets one real server (fresh data folder,
// embedded PGlite) and `page.goto("/")` goes to it. Specs that need their own server (restarts,
// server mode) call startServer() themselves.
export const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: "worker", timeout: 5 * 60_000 },
  ],
  baseURL: async ({ server }, use) => use(server.url),
});

export { expect };
