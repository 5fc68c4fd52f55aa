import "server-only";
import type { Permission } from "@/lib/rbac";

// The in-process key lookup cache: stored hash → the key's fixed facts (id, org, creator, scopes,
// project). Misses are cached too (briefly), so a flood of made-up tokens does not reach the database.
//
// What it is trusted with, and what not: nothing in an entry can change while the key lives (scopes and
// project are fixed at creation). Everything that can change (revoked, rotated away, expired, the
// creator's role, disabled or removed) is re-read on EVERY request by lookup.ts in the same query that
// loads the creator, so a revoke applies on the next request in every process even if an invalidation
// message were lost. Invalidation (invalidateKey, driven by bus.ts) only drops entries early.

export type CachedKey = {
  id: string;
  orgId: string;
  name: string;
  scopes: Permission[];
  projectId: string | null;
  createdById: string;
};

type Entry = { value: CachedKey | null; until: number };

export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly opts: { max: number; hitTtlMs: number; missTtlMs: number } = { max: 10_000, hitTtlMs: 60_000, missTtlMs: 5_000 },
  ) {}

  /** The cached value (a key, or null for a known miss), or undefined when not cached or stale. */
  get(hash: string, now = Date.now()): CachedKey | null | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    // Least recently used goes first: re-insert on a hit so Map order is recency order.
    this.entries.delete(hash);
    this.entries.set(hash, entry);
    return entry.value;
  }

  set(hash: string, value: CachedKey | null, now = Date.now()): void {
    this.entries.delete(hash);
    this.entries.set(hash, { value, until: now + (value ? this.opts.hitTtlMs : this.opts.missTtlMs) });
    while (this.entries.size > this.opts.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops every entry of the key, and every cached miss (a key created or rotated may be a cached miss). */
  invalidateKey(keyId: string): void {
    for (const [hash, entry] of this.entries) if (entry.value === null || entry.value.id === keyId) this.entries.delete(hash);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
