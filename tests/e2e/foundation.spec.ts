import type { Page } from "@playwright/test";
import { expect, test } from "../setup/e2e";

// The foundation end to end, as people use it: first-run setup, an invite, a member with fewer
// rights, a job whose event arrives live, and events that survive a dropped connection.

const OWNER = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery staple" };
const MEMBER = { name: "Max Member", email: "max@example.test", password: "member password 12345" };

async function trpc(page: Page, path: string, input: unknown) {
  // page.request sends the page's cookies but no Origin; the server refuses a cookie without one (CSRF).
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { origin: new URL(page.url()).origin } });
  return { status: res.status(), body: await res.json() };
}

async function orgId(page: Page): Promise<string> {
  const res = await page.request.get("/api/trpc/me.get");
  return (await res.json()).result.data.json.memberships[0].orgId;
}

test("setup → invite → member refused an admin action → live job event → replay after reconnect", async ({ page, browser }) => {
  // First run lands on setup, which creates the owner and signs them in.
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByLabel("Confirm password").fill(OWNER.password);
  await page.getByLabel("Organisation name").fill("Acme Robotics");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("user-menu")).toBeVisible();

  // Invite a member; the link is shown once.
  await page.goto("/admin/members");
  await page.getByTestId("invite-open").click();
  await page.getByTestId("invite-email").fill(MEMBER.email);
  await page.getByTestId("invite-role").click();
  await page.getByTestId("role-option-member").click();
  await page.getByTestId("invite-submit").click();
  const inviteUrl = (await page.getByTestId("invite-url").textContent())!.trim();
  expect(inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
  await page.getByTestId("invite-done").click();

  // The member accepts in their own browser and is signed in with the member role.
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await memberPage.goto(inviteUrl);
  await memberPage.getByLabel("Your name").fill(MEMBER.name);
  await memberPage.getByLabel("Choose a password").fill(MEMBER.password);
  await memberPage.getByLabel("Confirm password").fill(MEMBER.password);
  await memberPage.getByTestId("invite-accept-submit").click();
  await expect(memberPage).toHaveURL(/\/$/);
  await memberPage.goto("/admin/members");
  await expect(memberPage.getByTestId("members-table")).toBeVisible();
  await expect(memberPage.locator(`[data-testid=member-row][data-email="${MEMBER.email}"]`)).toContainText(/member/i);
  await expect(memberPage.getByTestId("invite-open")).toHaveCount(0);

  // An admin action through the API is refused with a readable reason, not hidden behind the UI only.
  const org = await orgId(memberPage);
  const refused = await trpc(memberPage, "members.invite", { orgId: org, email: "sneaky@example.test", role: "admin" });
  expect(refused.status).toBe(403);
  expect(refused.body.error.json.message).toMatch(/does not allow members:invite/);
  await memberContext.close();

  // A queued job's event appears live, without a reload.
  await page.goto("/admin/system");
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await expect(page.getByTestId("connection-state").first()).toHaveAttribute("data-state", "live");
  await page.getByTestId("diagnostics-message").fill("first ping");
  await page.getByTestId("diagnostics-send").click();
  await expect(page.getByTestId("diagnostics-event")).toHaveCount(1);
  await expect(page.getByTestId("diagnostics-event").first()).toContainText("first ping");

  // Drop the socket; events emitted meanwhile arrive once it reconnects.
  await page.evaluate(() => (globalThis as unknown as { __aiosLive: { disconnect(): void } }).__aiosLive.disconnect());
  await expect(page.getByTestId("connection-state").first()).toHaveAttribute("data-state", "offline");
  for (const message of ["while offline 1", "while offline 2"]) {
    expect((await trpc(page, "diagnostics.ping", { orgId: await orgId(page), message })).status).toBe(200);
  }
  await expect
    .poll(async () => {
      const res = await page.request.get(`/api/trpc/activity.recent?input=${encodeURIComponent(JSON.stringify({ json: { orgId: await orgId(page) } }))}`);
      return ((await res.json()).result.data.json as { type: string }[]).filter((e) => e.type === "diagnostics.pong").length;
    })
    .toBe(3);
  await expect(page.getByTestId("diagnostics-event")).toHaveCount(1);
  await page.evaluate(() => (globalThis as unknown as { __aiosLive: { connect(): void } }).__aiosLive.connect());
  await expect(page.getByTestId("diagnostics-event")).toHaveCount(3);
  await expect(page.getByTestId("diagnostics-events")).toContainText("while offline 2");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await page.screenshot({ path: "test-results/e2e/admin-system.png", fullPage: true });

  // Sign-out ends the session on the server: the old cookie is worthless on the next request.
  const oldCookies = await page.context().cookies();
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  const replay = await page.request.get("/api/trpc/me.get", {
    headers: { cookie: oldCookies.map((c) => `${c.name}=${c.value}`).join("; ") },
  });
  expect(replay.status()).toBe(401);
});
