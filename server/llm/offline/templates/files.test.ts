import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The project files of each template live as real files under <template>/files/ (runnable with
// `node --test` there) and ship as <template>/files.generated.ts, because Next bundles server code and
// reading files beside a module breaks in the bundle. This test keeps the two identical; after editing
// a file run `npx vitest run --project unit server/llm/offline/templates -u`.

const here = fileURLToPath(new URL(".", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function moduleSource(template: string): string {
  const root = join(here, template, "files");
  const entries = walk(root)
    .map((file) => [relative(root, file).split("\\").join("/"), readFileSync(file, "utf8")] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, content]) => `  ${JSON.stringify(path)}:\n    ${JSON.stringify(content)},`);
  return [
    'import "server-only";',
    "",
    `// Generated from ./files by ../files.test.ts: edit those files, then run`,
    "// `npx vitest run --project unit server/llm/offline/templates -u`.",
    "export const FILES: Record<string, string> = {",
    ...entries,
    "};",
    "",
  ].join("\n");
}

describe("template files", () => {
  for (const template of ["stock-dashboard", "todo-api", "csv-to-json", "generic"]) {
    it(`${template}/files.generated.ts matches ${template}/files/`, async () => {
      await expect(moduleSource(template)).toMatchFileSnapshot(`./${template}/files.generated.ts`);
    });
  }
});
