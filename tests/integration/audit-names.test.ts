import { describe, expect, it } from "vitest";
import { auditActionLabel } from "@/lib/audit-labels";
import { callerAs, orgWithRoles, SMALL_PLAN } from "./fixtures";

// The audit view shows who did what to which thing by name; the ids stay in the row for the record.

describe("audit names", () => {
  it("names the actor and the target (a member, a project), and only within the org", async () => {
    const fx = await orgWithRoles();
    const orgId = fx.org.id;
    const owner = await callerAs(await fx.people.owner.principal());
    await owner.members.setRole({ orgId, userId: fx.people.target.user.id, role: "member" });
    await owner.projects.approve({ projectId: fx.project.id, plan: SMALL_PLAN });

    const { items } = await owner.audit.list({ orgId });
    const approve = items.find((r) => r.action === "projects.approve")!;
    const setRole = items.find((r) => r.action === "members.setRole")!;
    expect(setRole).toMatchObject({ targetType: "user", targetId: fx.people.target.user.id, targetName: fx.people.target.user.name });
    expect(setRole.actor).toMatchObject({ id: fx.people.owner.user.id, name: fx.people.owner.user.name });
    expect(approve).toMatchObject({ targetType: "project", targetName: "Stock prices" });
    expect([auditActionLabel(approve.action), auditActionLabel(setRole.action)]).toEqual(["Approved a plan", "Changed a member's role"]);
  });
});
