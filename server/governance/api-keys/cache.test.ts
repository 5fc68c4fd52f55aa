import { describe, expect, it } from "vitest";
import { KeyCache, type CachedKey } from "./cache";

const key = (id: string): CachedKey => ({ id, orgId: "o", name: id, scopes: ["org:read"], projectId: null, createdById: "u" });

describe("KeyCache", () => {
  it("serves hits until their TTL and misses for a shorter one", () => {
    const c = new KeyCache({ max: 10, hitTtlMs: 1000, missTtlMs: 100 });
    c.set("h1", key("k1"), 0);
    c.set("h2", null, 0);
    expect(c.get("h1", 50)).toMatchObject({ id: "k1" });
    expect(c.get("h2", 50)).toBeNull();
    expect(c.get("h2", 100)).toBeUndefined();
    expect(c.get("h1", 999)).toMatchObject({ id: "k1" });
    expect(c.get("h1", 1000)).toBeUndefined();
    expect(c.get("nope", 0)).toBeUndefined();
  });

  it("evicts the least recently used entry beyond its size", () => {
    const c = new KeyCache({ max: 2, hitTtlMs: 1000, missTtlMs: 1000 });
    c.set("a", key("a"), 0);
    c.set("b", key("b"), 0);
    c.get("a", 1); // a is now the most recent
    c.set("c", key("c"), 2);
    expect(c.size).toBe(2);
    expect(c.get("b", 3)).toBeUndefined();
    expect(c.get("a", 3)).toMatchObject({ id: "a" });
    expect(c.get("c", 3)).toMatchObject({ id: "c" });
  });

  it("invalidating a key drops all its hashes (current and previous secret) and every cached miss", () => {
    const c = new KeyCache();
    c.set("current", key("k1"));
    c.set("previous", key("k1"));
    c.set("other", key("k2"));
    c.set("miss", null);
    c.invalidateKey("k1");
    expect(c.get("current")).toBeUndefined();
    expect(c.get("previous")).toBeUndefined();
    expect(c.get("miss")).toBeUndefined();
    expect(c.get("other")).toMatchObject({ id: "k2" });
  });
});
