import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { securityDir } from "../helpers/secret-registry";
import { TEST_PASSWORDS } from "../integration/fixtures";
import { databaseRows, dbScanResults, findSecrets, folderRows, knownSecrets, logFiles, type Hit, type SourceFigures } from "./secrets-scan";

// After the suites (this file sorts last: LastFilesSequencer in vitest.config.ts): no password, session
// token, invite token or secret in any log the battery captured, nor in any Event or AuditLog row.
// What is scanned, with its size, is printed, so "nothing found" can be told apart from "nothing looked at".

const secrets = knownSecrets();
const figures: SourceFigures[] = [];
const hits: Hit[] = [];

const report = (h: Hit[]) => h.map((x) => `${x.kind} in ${x.source}: ${x.excerpt}`);

describe("secrets scan (after the suites)", () => {
  it("is not blind: it finds a planted password, token, invite link and hash", () => {
    const token = secrets.find((s) => s.kind === "session token")?.value ?? "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaaaaaaaaaa.bbbbbbbbbbbb.cccccccccccc";
    const planted = `GET /invite/${"k".repeat(43)} cookie=${token} $argon2id$v=19$m=19456,t=2,p=1$abc$def authorization: Bearer aios_sk_${"K".repeat(43)}`;
    const kinds = new Set(findSecrets("planted", planted, secrets).map((h) => h.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(["unredacted invite link", "session token (encrypted JWT)", "password hash", "API key"]));
    expect(findSecrets("planted", "prefix aios_sk_KKKK…KKKK", secrets)).toEqual([]);
    const password = TEST_PASSWORDS[0];
    for (const form of [password, encodeURIComponent(password), password.replaceAll(" ", "+")]) {
      expect(findSecrets("planted", `body: password=${form}&x=1`, secrets).map((h) => h.kind), form).toContain("password");
    }
  });

  it("finds no secret in the logs the battery captured", () => {
    const logs = logFiles();
    for (const log of logs) {
      const text = readFileSync(log.path, "utf8");
      figures.push({ source: `log ${log.name} (written ${log.mtime.toISOString()})`, bytes: text.length, rows: text.split("\n").length - 1 });
      hits.push(...findSecrets(`log ${log.name}`, text, secrets));
    }
    expect(logs.length).toBeGreaterThan(0);
    expect(report(hits.filter((h) => h.source.startsWith("log ")))).toEqual([]);
  });

  it("finds no secret in Event or AuditLog rows", async () => {
    const mine = await databaseRows();
    const label = env.mode === "server" ? "the shared test database (every file of this run)" : "this file's database";
    figures.push({ source: `Event rows of ${label}`, bytes: mine.events.length, rows: mine.eventRows });
    figures.push({ source: `AuditLog rows of ${label}`, bytes: mine.audits.length, rows: mine.auditRows });
    const found = [...findSecrets(`Event rows of ${label}`, mine.events, secrets), ...findSecrets(`AuditLog rows of ${label}`, mine.audits, secrets)];

    // The real server process of route-handlers.test.ts kept its embedded database folder.
    const folder = join(securityDir(), "route-handlers.data");
    if (existsSync(join(folder, "pgdata", "PG_VERSION"))) {
      const rows = await folderRows(join(folder, "pgdata"));
      figures.push({ source: "Event rows of the route-handlers server", bytes: rows.events.length, rows: rows.eventRows });
      figures.push({ source: "AuditLog rows of the route-handlers server", bytes: rows.audits.length, rows: rows.auditRows });
      found.push(...findSecrets("Event rows of the route-handlers server", rows.events, secrets), ...findSecrets("AuditLog rows of the route-handlers server", rows.audits, secrets));
    }
    // On PGlite each file had its own database: those files scanned it before it was gone.
    for (const result of dbScanResults()) {
      figures.push(...result.figures);
      found.push(...result.hits);
    }
    hits.push(...found);
    expect(figures.filter((f) => /AuditLog/.test(f.source)).reduce((n, f) => n + (f.rows ?? 0), 0)).toBeGreaterThan(0);
    expect(report(found)).toEqual([]);
  });

  it("prints what it scanned", () => {
    const counts = secrets.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.kind]: (acc[s.kind] ?? 0) + 1 }), {});
    const lines = figures.map((f) => `  ${f.source}: ${(f.bytes / 1024).toFixed(0)} KiB${f.rows !== undefined ? `, ${f.rows} lines/rows` : ""}`);
    console.log(
      `secrets scan: ${secrets.length} known secrets (${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")}) and 4 secret shapes\n${lines.join("\n")}\n  hits: ${hits.length}`,
    );
    // Keep the registry from growing without end across local runs.
    const registry = join(securityDir(), "secrets.jsonl");
    if (existsSync(registry)) writeFileSync(registry, readFileSync(registry, "utf8").split("\n").filter(Boolean).slice(-5000).join("\n") + "\n");
    expect(figures.length).toBeGreaterThan(2);
  });
});
