// `npm run bench` runs every benchmark; `npm run bench -- <name> [--option=value …]` runs one.
// Results: bench/results/<name>.json and <name>.md (git-ignored). Benchmarks never gate.
import { runAgents } from "./agents";
import { runBoot } from "./boot";
import { runGateway } from "./gateway";
import { runGovernance } from "./governance";
import { runHttp } from "./http";
import { runLive } from "./live";
import { parseArgs } from "./lib/args";

const BENCHES: Record<string, (argv: string[]) => Promise<void>> = {
  live: runLive,
  boot: runBoot,
  agents: runAgents,
  http: runHttp,
  governance: runGovernance,
  gateway: runGateway,
};

async function main() {
  const argv = process.argv.slice(2);
  const { positional } = parseArgs(argv);
  const options = argv.filter((a) => a.startsWith("--"));
  const names = positional.length ? positional : Object.keys(BENCHES);
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(", ")}: choose from ${Object.keys(BENCHES).join(", ")}`);
  for (const name of names) {
    const started = performance.now();
    await BENCHES[name]!(options);
    console.error(`[bench] ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
