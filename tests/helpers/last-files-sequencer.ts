// Vitest's default order puts failed and slow files first, so a file cannot run last by its name alone.
// This sequencer keeps that order and moves `*.last.test.ts` files (the secrets scan) behind every other
// file of their project. Wire it in vitest.config.ts: `test: { sequence: { sequencer: LastFilesSequencer } }`.
import { BaseSequencer, type TestSpecification } from "vitest/node";

const LAST = /\.last\.test\.[cm]?[jt]sx?$/;

export class LastFilesSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const projects = [...new Set(sorted.map((f) => f.project.name))];
    const rank = (f: TestSpecification) => projects.indexOf(f.project.name) * 2 + (LAST.test(f.moduleId) ? 1 : 0);
    return [...sorted].sort((a, b) => rank(a) - rank(b)); // stable: the default order within each group
  }
}
