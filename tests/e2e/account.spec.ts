import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// Account safety in a browser against a real server: the device cookie set by a real sign-in keeps
// the owner able to sign in while another browser on the same network is backed off; the Account
// page changes the password and signs sessions out; an admin signs a member out everywhere; a member
// sees command approval locked. A server of its own: it needs a fresh install.

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

const OWNER = { name: "Ada Owner", email: "ada@example.test", password: "correct horse battery staple" };
const MEMBER = { name: "Max Member", email: "max@example.test", password: "member password 12345" };
// Outside Playwright's outputDir, which the next run empties.
const shot = (name: string) => `test-results/screens/account-${name}.png`;

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`${server.url}/api/trpc/${path}`, { data: { json: input }, headers: { origin: server.url } });
  return { status: res.status(), body: await res.json() };
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByTestId("sign-in-submit").click();
}

const signedIn = async (context: BrowserContext) => (await context.request.get(`${server.url}/api/trpc/me.get`)).status() === 200;

test("device cookie, account page, sign out everywhere, admin-only safety settings", async ({ browser }) => {
  test.setTimeout(240_000);
  const owner = await browser.newContext();
  const page = await owner.newPage();
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByLabel("Confirm password").fill(OWNER.password);
  await page.getByLabel("Organisation name").fill("Acme Robotics");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);
  // The sign-in that setup did marked this browser as a known device (httpOnly, so scripts can't read it).
  const device = (await owner.cookies()).find((c) => c.name === "aios-device");
  expect(device?.httpOnly).toBe(true);

  // The owner also signs in on a laptop (another browser, another user agent).
  const laptop = await browser.newContext({ userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0" });
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, OWNER);
  await expect(laptopPage).toHaveURL(/\/$/);

  // Another browser on the same network guesses the owner's password until it is backed off...
  const attacker = await browser.newContext();
  const attackerPage = await attacker.newPage();
  for (let i = 1; i <= 10; i++) {
    await signIn(attackerPage, { email: OWNER.email, password: `guess number ${i}` });
    await expect(attackerPage.getByTestId("sign-in-error")).toHaveText("That email and password don't match an account.");
  }
  await signIn(attackerPage, OWNER);
  await expect(attackerPage.getByTestId("sign-in-error")).toHaveText(
    /^Too many failed sign-ins for this account from your network\. Try again in \d+ seconds\.$/,
  );
  // ...while the owner's browser signs out and back in at once.
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, OWNER);
  await expect(page).toHaveURL(/\/$/);

  // The Account page, from the user menu: two sessions, this one marked.
  await page.getByTestId("user-menu").click();
  await page.getByTestId("account-link").click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  await expect(page.locator("[data-testid=session-row][data-current]")).toContainText("This browser");
  await expect(page.getByTestId("sessions-table")).toContainText("Firefox on Linux");
  await page.screenshot({ path: shot("light"), fullPage: true });

  // Sign the laptop out from here: its next request is refused.
  await page.getByTestId("session-revoke").click();
  await expect(page.getByTestId("session-row")).toHaveCount(1);
  expect(await signedIn(laptop)).toBe(false);

  // Change password: a wrong current password gets a sentence; the right one works and the new one signs in.
  const form = page.getByTestId("change-password-form");
  await form.getByLabel("Current password").fill("not my password at all");
  await form.getByLabel("New password", { exact: true }).fill("a brand new owner password");
  await form.getByLabel("Repeat the new password").fill("a brand new owner password");
  await page.getByTestId("change-password-submit").click();
  await expect(page.getByTestId("change-password-error")).toHaveText("Your current password is not correct.");
  await form.getByLabel("Current password").fill(OWNER.password);
  await page.getByTestId("change-password-submit").click();
  await expect(page.getByText("Password changed.")).toBeVisible();
  OWNER.password = "a brand new owner password";
  expect(await signedIn(owner)).toBe(true);

  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: shot("dark"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  // A member joins; the owner signs them out everywhere from Admin → Members.
  const me = await (await page.request.get(`${server.url}/api/trpc/me.get`)).json();
  const org = me.result.data.json.memberships[0].orgId as string;
  const invite = await trpc(page, "members.invite", { orgId: org, email: MEMBER.email, role: "member" });
  const token = (invite.body.result.data.json.url as string).split("/invite/")[1];
  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await memberPage.goto(`${server.url}/invite/${token}`);
  await memberPage.getByLabel("Your name").fill(MEMBER.name);
  await memberPage.getByLabel("Choose a password").fill(MEMBER.password);
  await memberPage.getByLabel("Confirm password").fill(MEMBER.password);
  await memberPage.getByTestId("invite-accept-submit").click();
  await expect(memberPage).toHaveURL(/\/$/);

  // The member sees command approval locked on a project, with the reason.
  const created = await trpc(memberPage, "projects.create", { orgId: org, name: "Todo API", goal: "A REST API for todos" });
  const projectId = created.body.result.data.json.id as string;
  await memberPage.goto(`${server.url}/projects/${projectId}`);
  await expect(memberPage.getByTestId("require-command-approval")).toBeDisabled();
  await expect(memberPage.getByTestId("command-approval-locked")).toHaveText("Only admins can change this");
  await memberPage.screenshot({ path: shot("member-locked"), fullPage: true });
  expect((await trpc(memberPage, "projects.updateSettings", { projectId, requireCommandApproval: false })).status).toBe(403);

  await page.goto(`${server.url}/admin/members`);
  await page.locator(`[data-testid=member-row][data-email="${MEMBER.email}"]`).getByTestId("member-actions").click();
  await page.getByTestId("member-sign-out").click();
  await page.screenshot({ path: shot("admin-sign-out"), fullPage: true });
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page.getByText(`${MEMBER.name} was signed out of 1 session`)).toBeVisible();
  expect(await signedIn(member)).toBe(false);
  await memberPage.reload();
  await expect(memberPage).toHaveURL(/\/sign-in/);

  for (const c of [owner, attacker, laptop, member]) await c.close();
});
