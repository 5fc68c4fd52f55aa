import { expect, test } from "../setup/e2e";

// The HTTP surface as a client sees it: health, readable 4xx errors, caps and rate limits.

test("health endpoints report liveness and readiness", async ({ request }) => {
  const live = await request.get("/api/health");
  expect(live.status()).toBe(200);
  expect(live.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const ready = await request.get("/api/health/ready", { headers: { "x-request-id": "trace-me-123456" } });
  expect(ready.status()).toBe(200);
  expect(ready.headers()["x-request-id"]).toBe("trace-me-123456");
  expect(await ready.json()).toMatchObject({
    status: "ready",
    mode: "embedded",
    database: { ok: true },
    queue: { ok: true },
    migrations: { current: true, pending: [] },
  });
});

test("bad input gets a 4xx with a sentence, never a stack trace", async ({ request }) => {
  const anonymous = await request.post("/api/trpc/projects.create", { data: { json: { orgId: "x", name: "n", goal: "g" } } });
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.json.message).toBe("Please sign in.");

  const invalid = await request.post("/api/trpc/invites.accept", { data: { json: { token: "short", password: "x" } } });
  expect(invalid.status()).toBe(400);
  const body = JSON.stringify(await invalid.json());
  expect(body).toContain("Password needs at least 12 characters.");
  expect(body).not.toMatch(/Too small|expected string|password: /);
  expect(body).not.toMatch(/at .+\.(ts|js):\d+/);

  const garbage = await request.post("/api/trpc/setup.createOwner", { data: "{not json", headers: { "content-type": "application/json" } });
  expect(garbage.status()).toBeGreaterThanOrEqual(400);
  expect(garbage.status()).toBeLessThan(500);

  const unknown = await request.get("/api/trpc/nope.nothing");
  expect(unknown.status()).toBe(404);
});

test("a tRPC batch larger than the cap is refused", async ({ request }) => {
  const paths = Array.from({ length: 21 }, () => "setup.status").join(",");
  const over = await request.get(`/api/trpc/${paths}?batch=1&input={}`);
  expect(over.status()).toBe(400);
  const ok = await request.get(`/api/trpc/${paths.split(",").slice(0, 20).join(",")}?batch=1&input={}`);
  expect(ok.status()).toBe(200);
});

test("sign-in is rate-limited per email and address, with a readable message", async ({ page, request }) => {
  // Setup may or may not have happened in this server; either way the sign-in page is reachable.
  await request.post("/api/trpc/setup.createOwner", {
    data: { json: { name: "Rita", email: "rita@example.test", password: "rate limit owner pw", orgName: "Rate Org" } },
  });
  await page.goto("/sign-in");
  const email = page.getByLabel("Email");
  const password = page.getByLabel("Password");
  const error = page.getByTestId("sign-in-error");
  for (let attempt = 1; attempt <= 10; attempt++) {
    await email.fill("nobody@example.test");
    await password.fill(`wrong password ${attempt}`);
    await page.getByTestId("sign-in-submit").click();
    await expect(error).toHaveText("That email and password don't match an account.");
    await page.getByTestId("sign-in-submit").waitFor({ state: "visible" });
  }
  await password.fill("wrong password 11");
  await page.getByTestId("sign-in-submit").click();
  await expect(error).toHaveText(/Too many failed sign-ins for this account from your network\. Try again in \d+ seconds\./);
});
