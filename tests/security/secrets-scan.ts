// The secrets scan: every password the suites type, every session and invite token they were given, and
// every server secret, looked for in logs, Event rows and AuditLog rows. Besides the recorded values it
// looks for anything shaped like a session token (NextAuth's encrypted JWT), an unredacted invite link, an issued API key or
// an argon2 password hash, whoever minted it.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { db } from "@/server/db";
import { closePglite, createPglite } from "@/server/db/pglite";
import { authSecret, env } from "@/server/env";
import { securityDir, type SecretKind } from "../helpers/secret-registry";
import { TEST_PASSWORDS } from "../integration/fixtures";

export type Secret = { kind: SecretKind; value: string };
export type Hit = { source: string; kind: string; excerpt: string };
export type SourceFigures = { source: string; bytes: number; rows?: number };

/** Known secrets: the suites' passwords, the test secret, and what the suites recorded while running. */
export function knownSecrets(): Secret[] {
  const out = new Map<string, Secret>();
  const add = (kind: SecretKind, value: string) => value.length >= 8 && out.set(value, { kind, value });
  for (const p of TEST_PASSWORDS) add("password", p);
  add("secret", authSecret());
  const registry = join(securityDir(), "secrets.jsonl");
  if (existsSync(registry)) {
    for (const line of readFileSync(registry, "utf8").split("\n")) {
      if (!line) continue;
      const { kind, value } = JSON.parse(line) as Secret;
      add(kind, value);
    }
  }
  return [...out.values()];
}

// Shapes that are secrets whoever minted them.
const SHAPES: [string, RegExp][] = [
  ["session token (encrypted JWT)", /eyJ[A-Za-z0-9_-]{10,}\.\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g],
  ["unredacted invite link", /\/invite\/[A-Za-z0-9_-]{20,}/g],
  ["password hash", /\$argon2id?\$v=\d+\$[^\s"]+/g],
  // An issued API key (server/governance/api-keys): the masked display form "aios_sk_AbCd…wxyz" never matches.
  ["API key", /aios_sk_[A-Za-z0-9_-]{43}/g],
];
const TOKEN = /[A-Za-z0-9_.-]{16,}/g;

/** A redacted view of where a secret sits (never the secret itself, so the report does not leak it). */
function excerpt(text: string, at: number, length: number): string {
  const before = text.slice(Math.max(0, at - 60), at).replace(/\s+/g, " ");
  const after = text.slice(at + length, at + length + 40).replace(/\s+/g, " ");
  return `…${before}[SECRET ${length} chars]${after}…`;
}

/** Every known secret and every secret-shaped string in `text`. */
export function findSecrets(source: string, text: string, secrets: Secret[]): Hit[] {
  const hits: Hit[] = [];
  // Token-like secrets are found through the set of token-like words (fast for thousands of tokens);
  // secrets with spaces or punctuation (passwords) by plain search.
  const tokenLike = new Map<string, Secret>();
  for (const s of secrets) {
    if (/^[A-Za-z0-9_.-]{16,}$/.test(s.value)) tokenLike.set(s.value, s);
    else {
      // As typed, and as it would appear in a logged URL or form body.
      for (const form of new Set([s.value, encodeURIComponent(s.value), new URLSearchParams({ v: s.value }).toString().slice(2)])) {
        const at = text.indexOf(form);
        if (at >= 0) hits.push({ source, kind: s.kind, excerpt: excerpt(text, at, form.length) });
      }
    }
  }
  for (const m of text.matchAll(TOKEN)) {
    const s = tokenLike.get(m[0]);
    if (s) hits.push({ source, kind: s.kind, excerpt: excerpt(text, m.index, m[0].length) });
  }
  for (const [kind, re] of SHAPES) {
    for (const m of text.matchAll(re)) hits.push({ source, kind, excerpt: excerpt(text, m.index, m[0].length) });
  }
  return hits;
}

const ROWS_SQL = [`SELECT to_jsonb(e)::text AS t FROM "Event" e`, `SELECT to_jsonb(a)::text AS t FROM "AuditLog" a`];

/** Every Event and AuditLog row of the database this process uses, as text. */
export async function databaseRows(): Promise<{ events: string; audits: string; eventRows: number; auditRows: number }> {
  const [events, audits] = await Promise.all(ROWS_SQL.map((sql) => db.$queryRawUnsafe<{ t: string }[]>(sql)));
  return { events: events!.map((r) => r.t).join("\n"), audits: audits!.map((r) => r.t).join("\n"), eventRows: events!.length, auditRows: audits!.length };
}

/** The same from a stopped server's embedded database folder. */
export async function folderRows(dataDir: string): Promise<{ events: string; audits: string; eventRows: number; auditRows: number }> {
  const pg = createPglite(dataDir);
  try {
    const [events, audits] = [(await pg.query<{ t: string }>(ROWS_SQL[0]!)).rows, (await pg.query<{ t: string }>(ROWS_SQL[1]!)).rows];
    return { events: events.map((r) => r.t).join("\n"), audits: audits.map((r) => r.t).join("\n"), eventRows: events.length, auditRows: audits.length };
  } finally {
    await closePglite(pg);
  }
}

/**
 * Scans the database this file used and records the result for the last file to add up: on PGlite
 * every integration file has its own in-memory database, gone once the file ends.
 */
export async function scanOwnDatabase(name: string): Promise<void> {
  if (env.mode === "server") return; // one shared database: the last file scans all of it
  const rows = await databaseRows();
  const secrets = knownSecrets();
  const hits = [...findSecrets(`${name}: Event rows`, rows.events, secrets), ...findSecrets(`${name}: AuditLog rows`, rows.audits, secrets)];
  const at = new Date().toISOString();
  const figures: SourceFigures[] = [
    { source: `Event rows of ${name} (scanned ${at})`, bytes: rows.events.length, rows: rows.eventRows },
    { source: `AuditLog rows of ${name} (scanned ${at})`, bytes: rows.audits.length, rows: rows.auditRows },
  ];
  writeFileSync(join(securityDir(), `${name}.db-scan.json`), JSON.stringify({ figures, hits }));
}

/** The logs the battery captured (in-process logger output and server processes' stdout/stderr). */
export function logFiles(): { path: string; name: string; mtime: Date }[] {
  const dir = securityDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith(".log"))
    .map((f) => ({ path: join(dir, f), name: f, mtime: statSync(join(dir, f)).mtime }));
}

export function dbScanResults(): { file: string; figures: SourceFigures[]; hits: Hit[] }[] {
  const dir = securityDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith(".db-scan.json"))
    .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(dir, f), "utf8")) as { figures: SourceFigures[]; hits: Hit[] }) }));
}
