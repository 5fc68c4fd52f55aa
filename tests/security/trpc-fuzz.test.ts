import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityDir } from "../helpers/secret-registry";
import { captureLogs } from "./log-capture";
import { ESCAPED, logLines, startTarget, type Target } from "./http-target";
import { procedures, richFixture, runCase, serialize, type Caller, type RichFixture } from "./trpc-battery";
import { scanOwnDatabase } from "./secrets-scan";
import { Tally } from "./verdict";
import { procedureInputArbitrary } from "./zod-arbitrary";

// Property-based fuzzing of every tRPC procedure over HTTP: inputs generated from each procedure's zod
// schema (mostly valid, so calls reach the services; some hostile), sent as the org's owner (mostly),
// member or viewer, as an owner of another org and anonymously. 5xx = 0, readable errors, audit rows
// agree with what changed.
// AIOS_FUZZ_RUNS=200 for a deep local run; AIOS_FUZZ_SEED to replay one.

const RUNS = Number(process.env.AIOS_FUZZ_RUNS ?? 8);
const SEED = Number(process.env.AIOS_FUZZ_SEED ?? Date.now() % 2 ** 31);
const REFRESH_EVERY = 10; // a fresh org now and then: a run may have removed or demoted the owner

let target: Target;
let logs: ReturnType<typeof captureLogs>;
const tally = new Tally();
const rejections: string[] = [];
const onRejection = (reason: unknown) => rejections.push(String((reason as Error)?.message ?? reason));
const started = performance.now();

beforeAll(async () => {
  process.on("unhandledRejection", onRejection);
  logs = captureLogs("trpc-fuzz");
  target = await startTarget("trpc-fuzz");
}, 300_000);

afterAll(async () => {
  await target?.stop();
  await scanOwnDatabase("trpc-fuzz");
  logs?.stop();
  process.off("unhandledRejection", onRejection);
  tally.dump(join(securityDir(), "trpc-fuzz.findings.json"));
  tally.print(`tRPC property fuzz (${target?.kind}, ${RUNS} runs per procedure, seed ${SEED}; ${logLines(target, logs)})`, (performance.now() - started) / 1000);
}, 60_000);

describe("tRPC procedures under generated input", () => {
  const callers = fc.constantFrom<Caller>("owner", "owner", "owner", "member", "viewer", "outsider", "anonymous");

  for (const proc of procedures()) {
    it(`${proc.path} (${proc.type})`, async () => {
      const before = tally.findings.length;
      // First the valid input as each caller: deterministic, the main path of every procedure and its audit row.
      let rich: RichFixture = await richFixture();
      const valid = fc.sample(procedureInputArbitrary(proc.inputs, { pools: rich.pools, hostileWeight: 0 }), { numRuns: 1, seed: 42 })[0];
      for (const who of ["outsider", "anonymous", "owner"] as const) {
        await runCase({ target, tally, rich, proc, who, body: serialize(valid), label: "the valid input" });
      }
      for (let i = 0; i < RUNS; i++) {
        if (i % REFRESH_EVERY === 0) rich = await richFixture();
        const [who, input] = fc.sample(fc.tuple(callers, procedureInputArbitrary(proc.inputs, { pools: rich.pools, hostileWeight: 1 })), {
          numRuns: 1,
          seed: SEED + i,
        })[0]!;
        await runCase({ target, tally, rich, proc, who, body: serialize(input), label: `generated #${i} (seed ${SEED + i})` });
      }
      const mine = tally.findings.slice(before);
      expect(mine, mine.map((f) => `${f.problem}\n  input: ${f.input}`).join("\n")).toEqual([]);
    }, 30_000 + RUNS * 2_000); // a deep run (AIOS_FUZZ_RUNS=200) needs more than the default 30 s
  }

  it("left the server answering, with no unhandled rejection and no crashed handler", async () => {
    const res = await fetch(`${target.url}/api/health`);
    expect(res.status).toBe(200);
    expect(target.crashes).toEqual([]);
    expect(target.output()).not.toMatch(ESCAPED);
    expect(rejections).toEqual([]);
    expect(tally.totals().c5xx).toBe(0);
  });
});
