import { describe, expect, it } from "vitest";
import { isPeopleEvent } from "./activity";

describe("isPeopleEvent", () => {
  it("keeps decisions, finishes and people, drops agent steps and model calls", () => {
    expect(isPeopleEvent({ type: "project.status", payload: { status: "completed" } })).toBe(true);
    expect(isPeopleEvent({ type: "question.asked", payload: {} })).toBe(true);
    expect(isPeopleEvent({ type: "answer.repaired", payload: { purpose: "intake", repairs: ["stripped a ```json fence"], by: "Ann" } })).toBe(true);
    expect(isPeopleEvent({ type: "task.status", payload: { status: "failed" } })).toBe(true);
    expect(isPeopleEvent({ type: "task.status", payload: { status: "running" } })).toBe(false);
    for (const type of ["agent.tool_call", "agent.text", "llm.call", "git.commit", "agent.context", "diagnostics.pong"]) {
      expect(isPeopleEvent({ type, payload: {} })).toBe(false);
    }
  });
});
