import { describe, expect, it } from "vitest";
import { EVENT_CATALOG, parseRoom } from "./events";

describe("event rooms", () => {
  it("accepts only org and project rooms with plain ids", () => {
    expect(parseRoom("org:abc123")).toEqual({ kind: "org", id: "abc123" });
    expect(parseRoom("project:cm_1-x")).toEqual({ kind: "project", id: "cm_1-x" });
    for (const bad of ["user:abc", "org:", "org:a b", "project:../x", "org:abc:def", ""]) expect(parseRoom(bad)).toBeNull();
  });

  it("versions every event type", () => {
    for (const spec of Object.values(EVENT_CATALOG)) expect(spec.version).toBeGreaterThanOrEqual(1);
  });
});
