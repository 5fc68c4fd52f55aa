import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

// The fixed suite: one folder per task under eval/suite/ (folders starting with _ are shared support).
// Each holds task.json, acceptance/*.test.mjs (the harness's own tests, never shown to the agents) and,
// for a bug fix, seed/ (the repository the agents start from).

export const SUITE_DIR = join(import.meta.dirname, "..", "suite");
export const SUPPORT_DIR = join(SUITE_DIR, "_support");

export const KINDS = ["demo", "library", "cli", "rest-api", "static-site", "data-script", "bug-fix", "change-request"] as const;
export type TaskKind = (typeof KINDS)[number];

export type SuiteTask = {
  id: string;
  kind: TaskKind;
  title: string;
  /** What the person types into the chat. */
  request: string;
  /** change-request: the earlier project's request, built to completion first. */
  before?: string;
  /** bug-fix: files committed to the workspace before the agents start (seed/ in the task's folder). */
  seedDir?: string;
  /** Absolute paths of the harness-owned acceptance tests. */
  acceptance: string[];
};

type TaskFile = { kind: string; title: string; request: string; before?: string };

export function loadSuite(dir = SUITE_DIR): SuiteTask[] {
  const ids = readdirSync(dir).filter((name) => !name.startsWith("_") && statSync(join(dir, name)).isDirectory());
  // The order: the demos, then one task of each other kind.
  return ids
    .map((id) => loadTask(dir, id))
    .sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.id.localeCompare(b.id));
}

function loadTask(dir: string, id: string): SuiteTask {
  const folder = join(dir, id);
  const where = `eval/suite/${id}/task.json`;
  let raw: TaskFile;
  try {
    raw = JSON.parse(readFileSync(join(folder, "task.json"), "utf8")) as TaskFile;
  } catch (err) {
    throw new Error(`${where} could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!KINDS.includes(raw.kind as TaskKind)) throw new Error(`${where}: kind must be one of ${KINDS.join(", ")}`);
  if (typeof raw.request !== "string" || raw.request.trim().length < 10) throw new Error(`${where}: request must be the text a person would send`);
  if (raw.kind === "change-request" && !raw.before) throw new Error(`${where}: a change request needs "before", the earlier project's request`);
  const accDir = join(folder, "acceptance");
  const acceptance = existsSync(accDir)
    ? readdirSync(accDir)
        .filter((f) => f.endsWith(".test.mjs"))
        .sort()
        .map((f) => join(accDir, f))
    : [];
  if (acceptance.length === 0) throw new Error(`eval/suite/${id}/acceptance/ has no *.test.mjs files`);
  const seedDir = join(folder, "seed");
  if (raw.kind === "bug-fix" && !existsSync(seedDir)) throw new Error(`eval/suite/${id}: a bug fix needs seed/, the repository to fix`);
  return {
    id,
    kind: raw.kind as TaskKind,
    title: raw.title,
    request: raw.request,
    ...(raw.before ? { before: raw.before } : {}),
    ...(existsSync(seedDir) ? { seedDir } : {}),
    acceptance,
  };
}

/** Every file under a folder, as paths relative to it (for seeding and copying). */
export function filesUnder(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(root, path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}
