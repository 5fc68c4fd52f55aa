import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";

export const BENCH_DIR = join(import.meta.dirname, "..");
export const RESULTS_DIR = join(BENCH_DIR, "results");

export type Machine = { cpus: number; node: string };
export type BenchResult = { name: string; date: string; machine: Machine; metrics: Record<string, number> };

export function machineInfo(): Machine {
  return { cpus: availableParallelism?.() ?? cpus().length, node: process.version };
}

/** A GitHub-flavoured Markdown table; numbers are printed as given (round them first). */
export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Prints the Markdown to stdout and writes bench/results/<name>.json and <name>.md. */
export function reportResult(name: string, metrics: Record<string, number>, markdown: string): BenchResult {
  const result: BenchResult = { name, date: new Date().toISOString(), machine: machineInfo(), metrics };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const md = `# ${name}\n\n${result.date} · ${result.machine.cpus} CPUs · Node ${result.machine.node}\n\n${markdown}\n`;
  writeFileSync(join(RESULTS_DIR, `${name}.md`), md);
  console.log(`\n${md}`);
  return result;
}
