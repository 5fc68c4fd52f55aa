import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { Prisma, PrismaClient } from "./generated/client";

type Tx = Prisma.TransactionClient;

/**
 * A request-wide transaction: while `inTransactionScope` runs, every use of `db` (including code that
 * opens its own `db.$transaction`) goes to one transaction, so a tRPC mutation and its audit row
 * commit together or not at all. Nested `$transaction` calls become savepoints, keeping their own
 * all-or-nothing meaning. Work that must wait for the commit (publishing live events) is deferred
 * with `afterCommit`; writes that must survive a rollback (rate-limit counters) use `keepOnRollback`.
 */
type Scope = {
  tx: Tx;
  afterCommit: (() => void | Promise<void>)[];
  keepOnRollback: ((client: Tx) => Promise<unknown>)[];
  savepoints: number;
};

const g = globalThis as { __aiosTxScope?: AsyncLocalStorage<Scope> };
// On globalThis: Next's route handlers run in a separately bundled module graph.
const storage = (g.__aiosTxScope ??= new AsyncLocalStorage<Scope>());

/** The transaction of the current scope, if any (the `db` proxy routes to it). */
export function scopedTransaction(): Tx | null {
  return storage.getStore()?.tx ?? null;
}

/** `$transaction` for code running inside a scope: a savepoint in the scope's transaction. */
export function nestedTransaction(tx: Tx) {
  return async (arg: unknown): Promise<unknown> => {
    const scope = storage.getStore()!;
    const name = `aios_sp_${++scope.savepoints}`;
    const hooks = scope.afterCommit.length;
    await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
    try {
      const result = typeof arg === "function" ? await (arg as (t: Tx) => Promise<unknown>)(tx) : await Promise.all(arg as Promise<unknown>[]);
      await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
      scope.afterCommit.length = hooks; // what the rolled-back part wanted to announce never happened
      throw error;
    }
  };
}

export class RolledBack<T> extends Error {
  constructor(readonly value: T) {
    super("transaction scope rolled back");
  }
}

/**
 * Runs `fn` in one transaction that every `db` call inside shares. `fn` decides the outcome:
 * returning commits (then the afterCommit hooks run); throwing `RolledBack` rolls back and returns
 * its value after replaying `keepOnRollback` writes in a fresh transaction; any other throw rolls back
 * and rethrows (after the same replay).
 */
export async function inTransactionScope<T>(client: PrismaClient, fn: () => Promise<T>): Promise<T> {
  let scope: Scope | undefined;
  try {
    const result = await client.$transaction(
      (tx) => {
        scope = { tx, afterCommit: [], keepOnRollback: [], savepoints: 0 };
        return storage.run(scope, fn);
      },
      // A mutation holds the one embedded connection while it runs: wait a while for it, but never forever.
      { maxWait: 15_000, timeout: 60_000 },
    );
    for (const hook of scope!.afterCommit) await hook();
    return result;
  } catch (error) {
    const keep = scope?.keepOnRollback ?? [];
    if (keep.length) await client.$transaction(async (tx) => { for (const write of keep) await write(tx); });
    if (error instanceof RolledBack) return error.value as T;
    throw error;
  }
}

/** Runs `hook` after the scope's transaction commits (at once when there is no scope). */
export async function afterCommit(hook: () => void | Promise<void>): Promise<void> {
  const scope = storage.getStore();
  if (scope) scope.afterCommit.push(hook);
  else await hook();
}

/** Registers a write to repeat if the scope rolls back (no-op without a scope: it already committed). */
export function keepOnRollback(write: (client: Tx) => Promise<unknown>): void {
  storage.getStore()?.keepOnRollback.push(write);
}
