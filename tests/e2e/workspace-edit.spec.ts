import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server-process";

// A person edits a demo project's file in the browser (CodeMirror), saves it as a commit under their
// name, meets the "changed since you opened it" refusal and reloads, creates a new file, and downloads
// the zip with its git history.

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(300_000);
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

// Outside Playwright's output folder, which the next run empties.
const shot = (name: string) => `test-results/screens/workspace-edit-${name}.png`;

/** Calls a tRPC procedure from the page, with the page's session (as a second browser tab would). */
async function trpc(page: Page, path: string, input: unknown, method: "GET" | "POST") {
  return page.evaluate(
    async ({ path, input, method }) => {
      const body = JSON.stringify({ json: input });
      const res =
        method === "GET"
          ? await fetch(`/api/trpc/${path}?input=${encodeURIComponent(body)}`)
          : await fetch(`/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });
      return (await res.json()) as { result?: { data: { json: Record<string, unknown> } }; error?: unknown };
    },
    { path, input, method },
  );
}

test("edit a demo project's file, save it as a commit, survive a conflict, add a file, download with history", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Your name").fill("Ada Owner");
  await page.getByLabel("Email").fill("ada@example.test");
  await page.getByLabel("Password", { exact: true }).fill("a long owner password");
  await page.getByLabel("Confirm password").fill("a long owner password");
  await page.getByLabel("Organisation name").fill("Lovelace Labs");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto(`${server.url}/chat`);
  await page.getByTestId("chat-input").fill("Write a command-line tool that converts CSV to JSON");
  await page.getByTestId("chat-send").click();
  const plan = page.locator("[data-testid=plan-card][data-kind=new_project]");
  await expect(plan).toBeVisible({ timeout: 30_000 });
  await plan.getByTestId("plan-approve").click();
  await expect(plan).toHaveAttribute("data-status", "completed", { timeout: 200_000 });
  await plan.getByTestId("plan-open-project").click();
  await expect(page).toHaveURL(/\/projects\/[A-Za-z0-9_-]+/);
  const projectId = new URL(page.url()).pathname.split("/").pop()!;

  // Open README.md and edit it in the code editor.
  await page.getByTestId("files-tab").click();
  const tree = page.getByTestId("file-tree");
  await tree.locator('[data-testid=file-item][data-path="README.md"]').click();
  await expect(page.getByTestId("file-viewer")).toHaveAttribute("data-path", "README.md");
  await page.getByTestId("file-edit").click();
  const editor = page.getByTestId("file-editor");
  const content = editor.locator(".cm-content");
  await expect(content).toBeVisible();
  // Highlighted by CodeMirror's Markdown mode: the heading is a styled token.
  await expect(editor.locator(".cm-line").first()).toContainText("#");
  await content.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\nEdited in the browser by Ada.\n");
  await page.getByTestId("editor-message").fill("Note who edited the readme");
  await page.screenshot({ path: shot("editor-1440"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: shot("editor-1440-dark"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await editor.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("editor-390-dark"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: shot("editor-390"), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByTestId("editor-save").click();
  await expect(page.getByTestId("file-viewer")).toContainText("Edited in the browser by Ada.");
  const latest = page.getByTestId("commit-item").first();
  await expect(latest).toContainText("Note who edited the readme");
  await expect(latest).toContainText("Ada Owner");
  await latest.click();
  await expect(page.locator('[data-testid=diff-file][data-path="README.md"] tr[data-kind=add]')).toContainText(["Edited in the browser by Ada."]);

  // Someone else saves the same file while Ada has it open: her save is refused; she reloads.
  await tree.locator('[data-testid=file-item][data-path="README.md"]').click();
  await page.getByTestId("file-edit").click();
  // CodeMirror draws only the lines in view: the first line says the editor has the file.
  await expect(content).toContainText("# csv2json");
  const opened = await trpc(page, "workspace.open", { projectId, path: "README.md" }, "GET");
  const version = opened.result!.data.json.version as string;
  const other = await trpc(page, "workspace.save", { projectId, path: "README.md", content: "# CSV to JSON\n\nRewritten in another tab.\n", version, message: "Rewrite the readme" }, "POST");
  expect(other.error).toBeUndefined();
  await content.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("One more line.\n");
  await page.getByTestId("editor-save").click();
  const error = page.getByTestId("editor-error");
  await expect(error).toContainText("This file changed since you opened it");
  await page.screenshot({ path: shot("conflict-1440"), fullPage: true });
  await page.getByTestId("editor-reload").click();
  await expect(error).toBeHidden();
  await expect(content).toContainText("Rewritten in another tab.");
  await page.getByTestId("editor-cancel").click();
  await expect(page.getByTestId("file-viewer")).toContainText("Rewritten in another tab.");

  // A new file, in a new folder.
  await page.getByTestId("new-file").click();
  await page.getByTestId("new-file-path").fill("README.md");
  await page.getByTestId("new-file-create").click();
  await expect(page.getByRole("dialog")).toContainText("That file already exists");
  await page.getByTestId("new-file-path").fill("docs/usage.md");
  await page.getByTestId("new-file-create").click();
  await expect(page.getByTestId("file-editor")).toHaveAttribute("data-path", "docs/usage.md");
  await content.click();
  await page.keyboard.type("Run it with node src/cli.js < input.csv\n");
  await page.getByTestId("editor-save").click();
  await expect(tree.locator('[data-testid=file-item][data-path="docs/usage.md"]')).toBeVisible();
  await expect(page.getByTestId("commit-item").first()).toContainText("Add docs/usage.md");
  await page.screenshot({ path: shot("files-1440"), fullPage: true });

  // The zip with history: one top-level folder, .git inside, and git reads the edits back.
  await page.getByTestId("download-zip-options").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-zip-history").click()]);
  expect(download.suggestedFilename()).toMatch(/-with-history\.zip$/);
  const dir = mkdtempSync(join(tmpdir(), "aios-zip-"));
  const zip = join(dir, "project.zip");
  await download.saveAs(zip);
  execFileSync("python3", ["-m", "zipfile", "-e", zip, join(dir, "out")]);
  const folder = download.suggestedFilename().replace(/-with-history\.zip$/, "");
  const log = execFileSync("git", ["-C", join(dir, "out", folder), "log", "--format=%an: %s", "-3"], { encoding: "utf8" });
  expect(log.split("\n").slice(0, 3)).toEqual(["Ada Owner: Add docs/usage.md", "Ada Owner: Rewrite the readme", "Ada Owner: Note who edited the readme"]);
});
