import { describe, expect, it } from "vitest";
import { can, canAssignRole, PERMISSIONS, POLICY, ROLES, rolesWith } from "./rbac";

describe("rbac policy", () => {
  it("orders roles by power: each role holds everything the next one does", () => {
    for (let i = 0; i + 1 < ROLES.length; i++) {
      for (const p of POLICY[ROLES[i + 1]!]) expect(can(ROLES[i]!, p)).toBe(true);
    }
  });

  it("gives every permission to at least the owner", () => {
    for (const p of PERMISSIONS) expect(rolesWith(p)).toContain("owner");
  });

  it("keeps viewers read-only and anonymous callers powerless", () => {
    // keys:own lets a viewer make personal API keys, which never hold more than the viewer's reads.
    expect([...POLICY.viewer].filter((p) => !p.endsWith(":read"))).toEqual(["keys:own"]);
    expect(can(null, "projects:read")).toBe(false);
  });

  it("lets the roles that run work call models through the OpenAI-compatible endpoint", () => {
    expect(rolesWith("models:invoke")).toEqual(["owner", "admin", "member"]);
  });

  it("lets only owners hand out or take away the owner role", () => {
    expect(canAssignRole("owner", "owner")).toBe(true);
    expect(canAssignRole("admin", "owner")).toBe(false);
    expect(canAssignRole("admin", "member")).toBe(true);
    expect(canAssignRole("member", "viewer")).toBe(false);
  });
});
