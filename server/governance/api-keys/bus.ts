import "server-only";
import pg from "pg";
import { afterCommit, db } from "@/server/db";
import { env } from "@/server/env";
import { logger } from "@/server/observability/logger";

// "This key changed" (created, rotated, revoked) reaching every process. In server mode through
// Postgres LISTEN/NOTIFY: the NOTIFY is sent inside the changing transaction, so it is delivered
// exactly when the change commits (and never for a rolled-back one). Embedded mode is one process:
// the local listeners suffice. Receivers: the lookup cache (drops the key's entries) and Socket.IO
// (re-checks the key's live sockets). Correctness of refusals never depends on delivery: every request
// re-reads the key's state (see cache.ts); a lost message only leaves a socket open until its next join.

export const API_KEY_CHANNEL = "aios_api_keys";
type Listener = (keyId: string) => void;

// On globalThis: Next bundles route handlers (where keys are revoked) apart from server.ts (Socket.IO).
const g = globalThis as { __aiosApiKeyBus?: { listeners: Set<Listener>; pg: PgKeyListener | null } };
const bus = (g.__aiosApiKeyBus ??= { listeners: new Set(), pg: null });

export function onApiKeyChanged(fn: Listener): () => void {
  bus.listeners.add(fn);
  return () => bus.listeners.delete(fn);
}

function emitLocal(keyId: string): void {
  for (const fn of bus.listeners) {
    try {
      fn(keyId);
    } catch (err) {
      logger.warn({ err, keyId }, "api key change listener failed");
    }
  }
}

/** Call inside the transaction that changes the key. */
export async function announceApiKeyChange(keyId: string): Promise<void> {
  if (env.DATABASE_URL) await db.$executeRaw`SELECT pg_notify(${API_KEY_CHANNEL}, ${keyId})`;
  // This process hears its own NOTIFY too, but only once the listener is connected: tell it directly.
  await afterCommit(() => emitLocal(keyId));
}

/** Starts this process's LISTEN connection once (server mode only; a no-op in embedded mode). */
export function ensureApiKeyListener(): void {
  if (!env.DATABASE_URL || bus.pg) return;
  bus.pg = new PgKeyListener(env.DATABASE_URL, emitLocal, () => emitLocal("*"));
  bus.pg.start();
}

/** Resolves once this process's listener is connected (at once in embedded mode, or before it starts). */
export function apiKeyListenerReady(): Promise<void> {
  return bus.pg?.ready ?? Promise.resolve();
}

/**
 * One dedicated connection that LISTENs (a pooled one could be handed back mid-LISTEN). Reconnects with
 * backoff; after every (re)connect `onReset` runs, since changes made while deaf were not heard.
 * Exported so tests can run several listeners (as several processes would).
 */
export class PgKeyListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryMs = 500;
  ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly url: string,
    private readonly onChange: Listener,
    private readonly onReset: () => void,
  ) {
    this.ready = new Promise((r) => (this.markReady = r));
  }

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    client.on("notification", (msg) => {
      if (msg.channel === API_KEY_CHANNEL && msg.payload) this.onChange(msg.payload);
    });
    client.on("error", (err) => {
      logger.warn({ err }, "api key listener connection failed; reconnecting");
      void this.retry(client);
    });
    client.on("end", () => void this.retry(client));
    try {
      await client.connect();
      // The listener must never keep a process alive on its own (tests, scripts, a closing server).
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      await client.query(`LISTEN ${API_KEY_CHANNEL}`);
      this.retryMs = 500;
      this.onReset();
      this.markReady();
    } catch (err) {
      logger.warn({ err }, "api key listener could not connect; retrying");
      void this.retry(client);
    }
  }

  private async retry(client: pg.Client): Promise<void> {
    if (this.stopped || this.client !== client) return;
    this.client = null;
    this.onReset();
    await client.end().catch(() => undefined);
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    setTimeout(() => void this.connect(), wait).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
