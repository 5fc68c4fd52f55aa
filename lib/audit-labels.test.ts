import { describe, expect, it } from "vitest";
import { auditActionLabel, auditTargetLabel } from "./audit-labels";

describe("audit labels", () => {
  it("reads known actions as what happened", () => {
    expect(auditActionLabel("projects.approveChange")).toBe("Approved a change");
    expect(auditActionLabel("auth.sign_in")).toBe("Signed in");
  });
  it("reads unknown ones without code syntax", () => {
    expect(auditActionLabel("models.setFallbackTier")).toBe("Models: set fallback tier");
    expect(auditActionLabel("api-keys.frobnicate")).toBe("Api keys: frobnicate");
    expect(auditTargetLabel("change_request")).toBe("Change");
  });
});
