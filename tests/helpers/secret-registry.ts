// Secrets the tests create (session tokens, invite tokens, server secrets) and the logs they capture,
// kept in a folder per integration project so the secrets scan (tests/security/secrets-scan.last.test.ts)
// can look for every one of them in every log, event and audit row after the suites ran.
import { appendFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type SecretKind = "password" | "session token" | "invite token" | "secret";

/** One folder per suite: the PGlite and native-Postgres projects run the same files. */
export function securityDir(): string {
  const dir = join(tmpdir(), "aios-security", process.env.DATABASE_URL ? "integration-pg" : "integration-pglite");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function recordSecret(kind: SecretKind, value: string): void {
  if (value.length < 8) return; // too short to search for without false hits
  appendFileSync(join(securityDir(), "secrets.jsonl"), `${JSON.stringify({ kind, value })}\n`);
}
