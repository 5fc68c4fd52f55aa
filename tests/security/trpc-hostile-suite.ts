import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileCases } from "./hostile-inputs";
import { securityDir } from "../helpers/secret-registry";
import { captureLogs } from "./log-capture";
import { ESCAPED, logLines, startTarget, type Target } from "./http-target";
import { procedures, richFixture, runCase, type RichFixture } from "./trpc-battery";
import { scanOwnDatabase } from "./secrets-scan";
import { Tally } from "./verdict";
import { procedureInputArbitrary } from "./zod-arbitrary";

// Hand-made hostile bodies against every tRPC procedure, each built around a valid input so it gets as
// far as its hostile part lets it: malformed JSON, superjson metadata for unknown keys, 10,000-deep
// nesting, NUL and lone surrogates, huge strings, wrong content types. Sent as the org's owner (the
// caller who reaches deepest; a few also as another org's user and anonymously). 5xx = 0, readable
// errors, and the audit log agrees with what changed.
// The procedures are split over two files (see trpc-hostile-*.test.ts) to keep each within a minute.

export const ACCOUNT_NAMESPACES = ["setup", "me", "orgs", "members", "invites", "audit"];

/** Registers the hostile battery for the procedures `pick` selects; `name` names its logs and findings. */
export function hostileSuite(name: string, pick: (path: string) => boolean): void {
  let target: Target;
  let logs: ReturnType<typeof captureLogs>;
  const tally = new Tally();
  const rejections: string[] = [];
  const onRejection = (reason: unknown) => rejections.push(String((reason as Error)?.message ?? reason));
  const started = performance.now();

  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    logs = captureLogs(name);
    target = await startTarget(name);
  }, 300_000);

  afterAll(async () => {
    await target?.stop();
    await scanOwnDatabase(name);
    logs?.stop();
    process.off("unhandledRejection", onRejection);
    tally.dump(join(securityDir(), `${name}.findings.json`));
    tally.print(`tRPC hostile inputs, ${name} (${target?.kind}; ${logLines(target, logs)})`, (performance.now() - started) / 1000);
  }, 60_000);

  describe(`tRPC procedures under hostile input: ${name}`, () => {
    for (const proc of procedures().filter((p) => pick(p.path))) {
      it(`${proc.path} (${proc.type})`, async () => {
        const before = tally.findings.length;
        let sent = 0;
        let total = Infinity;
        while (sent < total) {
          const rich: RichFixture = await richFixture();
          const valid = fc.sample(procedureInputArbitrary(proc.inputs, { pools: rich.pools, hostileWeight: 0 }), { numRuns: 1, seed: 42 })[0];
          const all = hostileCases(valid && typeof valid === "object" ? (valid as Record<string, unknown>) : undefined)
            // A query travels in the URL: there is no content type to lie about.
            .filter((c) => proc.type === "mutation" || !c.contentType)
            .flatMap((c) => (["owner", "outsider", "anonymous"] as const).filter((who) => who === "owner" || c.strangers).map((who) => ({ ...c, who })));
          total = all.length;
          // A refused case changes nothing (asserted), so the fixture lasts until a mutation succeeds:
          // that one may have removed or demoted what the next cases name.
          while (sent < total) {
            const c = all[sent++]!;
            const status = await runCase({ target, tally, rich, proc, who: c.who, body: c.body, label: c.name, contentType: c.contentType });
            if (proc.type === "mutation" && status < 400) break;
          }
        }
        expect(total).toBeGreaterThan(20);
        const mine = tally.findings.slice(before);
        expect(mine, mine.map((f) => `${f.problem}\n  input: ${f.input}`).join("\n")).toEqual([]);
      }, 120_000); // about 40 cases with two snapshots each: generous on a loaded machine
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
}
