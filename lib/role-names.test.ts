import { describe, expect, it } from "vitest";
import { readableReason } from "./role-names";
import { stepTiming } from "./step-timing";

describe("readableReason", () => {
  it("names the role instead of its id", () => {
    expect(readableReason("Waiting for backend to fix it")).toBe("Waiting for Backend engineer to fix it");
    expect(readableReason("Returned by qa")).toBe("Returned by QA");
  });
  it("leaves other reasons alone", () => {
    expect(readableReason("Cancelled by Ada Lovelace")).toBe("Cancelled by Ada Lovelace");
    expect(readableReason("Waiting for Ada")).toBe("Waiting for Ada");
  });
});

describe("stepTiming", () => {
  it("adds the tool's run time to the model's", () => {
    expect(stepTiming(6, 826)).toEqual({ totalMs: 832, modelMs: 6, toolMs: 826 });
  });
  it("is nothing when neither took time", () => {
    expect(stepTiming(undefined, 0)).toBeNull();
  });
});
