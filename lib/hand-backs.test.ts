import { describe, expect, it } from "vitest";
import { handBacks } from "./hand-backs";

const tasks = [
  { key: "api", role: "backend", dependsOn: [] },
  { key: "ui", role: "frontend", dependsOn: ["api"] },
  { key: "qa", role: "qa", dependsOn: ["ui"] },
];

describe("handBacks", () => {
  it("draws a returned task's edge from the downstream task of the role that sent it back", () => {
    const returned = tasks.map((t) => (t.key === "api" ? { ...t, feedback: [{ from: "qa", kind: "return" }, { from: "qa", kind: "return" }] } : t));
    expect(handBacks(returned)).toEqual([{ from: "qa", to: "api", count: 2 }]);
  });
  it("ignores other feedback and senders that are not downstream", () => {
    const other = tasks.map((t) => (t.key === "qa" ? { ...t, feedback: [{ from: "backend", kind: "return" }, { from: "qa", kind: "answer" }] } : t));
    expect(handBacks(other)).toEqual([]);
  });
});
