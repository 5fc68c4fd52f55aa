import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityDir } from "../helpers/secret-registry";
import { auditIds, auditProblems, changedTables, snapshot } from "./audit-agreement";
import { clientAddress, ESCAPED, startTarget, type Target } from "./http-target";
import { callerOrgs, procedures, richFixture, serialize } from "./trpc-battery";
import { scanOwnDatabase } from "./secrets-scan";
import { judge, Tally, unreadable } from "./verdict";
import { procedureInputArbitrary } from "./zod-arbitrary";

// tRPC batches (`/api/trpc/a,b,c?batch=1`): several calls in one request, some valid and some hostile.
// Each call is judged on its own (a readable error each), the request never 5xx, and the audit log has
// exactly one success row per call that succeeded — one bad call must not take a good one's row with it,
// nor let a refused one change anything.

let target: Target;
const tally = new Tally();
const started = performance.now();
let n = 0;

beforeAll(async () => {
  target = await startTarget("trpc-batch");
}, 300_000);

afterAll(async () => {
  await target?.stop();
  await scanOwnDatabase("trpc-batch");
  tally.dump(join(securityDir(), "trpc-batch.findings.json"));
  tally.print(`tRPC batches (${target?.kind})`, (performance.now() - started) / 1000);
}, 60_000);

type Entry = { result?: unknown; error?: { json?: { message?: unknown } } };

async function post(paths: string[], bodies: (string | undefined)[], cookie: string | null): Promise<{ status: number; text: string; type: string }> {
  const headers: Record<string, string> = { origin: target.origin, "content-type": "application/json", "x-forwarded-for": clientAddress(++n) };
  if (cookie) headers.cookie = cookie;
  const body = `{${bodies.map((b, i) => `"${i}":${b ?? "{}"}`).join(",")}}`;
  const res = await fetch(`${target.url}/api/trpc/${paths.join(",")}?batch=1`, { method: "POST", headers, body });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "" };
}

describe("tRPC batches of valid and hostile calls", () => {
  for (const proc of procedures().filter((p) => p.type === "mutation")) {
    it(proc.path, async () => {
      const rich = await richFixture();
      const valid = fc.sample(procedureInputArbitrary(proc.inputs, { pools: rich.pools, hostileWeight: 0 }), { numRuns: 1, seed: 42 })[0];
      const v = JSON.stringify(valid ?? {});
      const plus = (extra: string) => (v === "{}" ? `{${extra}}` : `${v.slice(0, -1)},${extra}}`);
      const bodies = [
        serialize(valid),
        `{"json":${plus('"x":"2020-01-01T00:00:00.000Z"')},"meta":{"values":{"x":["Date"]}}}`,
        `{"json":${plus('"y":"a\\u0000b"')}}`,
        `{"json":${plus(`"deep":${"[".repeat(10_000)}${"]".repeat(10_000)}`)}}`,
      ];
      const [before, ids, orgs] = await Promise.all([snapshot(rich.fx), auditIds(proc.path), callerOrgs(rich.fx, "owner")]);
      const t0 = performance.now();
      const res = await post(Array(bodies.length).fill(proc.path), bodies, rich.cookies.owner);
      tally.count(proc.path, res.status, performance.now() - t0);
      const input = `batch of ${bodies.length} as owner: ${bodies.map((b) => (b && b.length > 200 ? `${b.slice(0, 200)}…` : b)).join(" | ")}`;
      for (const problem of judge(res.status, res.text, res.type)) tally.find(proc.path, input, problem);
      let entries: Entry[] = [];
      try {
        entries = JSON.parse(res.text) as Entry[];
      } catch {
        tally.find(proc.path, input, `the batch answer is not JSON: ${res.text.slice(0, 200)}`);
      }
      if (Array.isArray(entries)) {
        for (const [i, e] of entries.entries()) {
          const why = e.error ? unreadable(e.error.json?.message) : null;
          if (why) tally.find(proc.path, `${input} (call ${i})`, `batched error is not a readable sentence: ${why}`);
        }
      }
      const succeeded = Array.isArray(entries) ? entries.filter((e) => e.result !== undefined).length : 0;
      const changed = changedTables(before, await snapshot(rich.fx));
      for (const problem of await auditProblems({ action: proc.path, status: res.status, before: ids, changed, callerOrgs: orgs, batch: { calls: bodies.length, succeeded } })) {
        tally.find(proc.path, input, problem);
      }
      const mine = tally.findings.filter((f) => f.where === proc.path);
      expect(mine, mine.map((f) => `${f.problem}\n  input: ${f.input}`).join("\n")).toEqual([]);
    });
  }

  it("refuses oversized, mixed and malformed batches with a sentence", async () => {
    const rich = await richFixture();
    const cases: [string, string[], string][] = [
      ["21 calls (over the cap)", Array(21).fill("setup.status"), `{${Array.from({ length: 21 }, (_, i) => `"${i}":{}`).join(",")}}`],
      ["a query and a mutation together", ["me.get", "orgs.create"], '{"0":{},"1":{"json":{"name":"Mixed"}}}'],
      ["an unknown procedure", ["nope.nothing", "me.get"], '{"0":{},"1":{}}'],
      ["body not an object", ["orgs.create", "orgs.create"], "[1,2]"],
      ["malformed JSON", ["orgs.create", "orgs.create"], "{not json"],
      ["empty path", ["", ""], "{}"],
    ];
    for (const [label, paths, body] of cases) {
      const t0 = performance.now();
      const res = await fetch(`${target.url}/api/trpc/${paths.join(",")}?batch=1`, {
        method: "POST",
        headers: { origin: target.origin, "content-type": "application/json", cookie: rich.cookies.owner!, "x-forwarded-for": clientAddress(++n) },
        body,
      });
      const text = await res.text();
      tally.count("malformed batches", res.status, performance.now() - t0);
      for (const problem of judge(res.status, text, res.headers.get("content-type") ?? "")) tally.find("malformed batches", `${label}: ${paths.join(",")} ${body.slice(0, 200)}`, problem);
    }
    const mine = tally.findings.filter((f) => f.where === "malformed batches");
    expect(mine, mine.map((f) => `${f.problem}\n  input: ${f.input}`).join("\n")).toEqual([]);
  });

  it("left the server answering", async () => {
    expect((await fetch(`${target.url}/api/health`)).status).toBe(200);
    expect(target.crashes).toEqual([]);
    expect(target.output()).not.toMatch(ESCAPED);
    expect(tally.totals().c5xx).toBe(0);
  });
});
