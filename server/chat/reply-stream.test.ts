import { describe, expect, it } from "vitest";
import { readPartialIntake, replyStream } from "./reply-stream";

// The chat answer read out of an intake answer while it streams: piece by piece, through fences and
// escapes cut in half, only for intents whose reply is the answer, and never mixing in a re-ask.

function feed(raw: string, size: number) {
  const got: string[] = [];
  const s = replyStream((t) => got.push(t));
  for (let i = 0; i < raw.length; i += size) s.onDelta({ type: "text", text: raw.slice(i, i + size) });
  return { got, streamed: s.streamed() };
}

const answer = (o: object) => JSON.stringify(o);

describe("replyStream", () => {
  const reply = 'AIOS is a team of agents.\nSay "build …" to start — or ask \\ anything.';
  const general = answer({ intent: "general_question", projectId: null, needsClarification: false, reply });

  it.each([1, 3, 7, 50])("passes the reply on as it is written (pieces of %i characters)", (size) => {
    const { got, streamed } = feed(general, size);
    expect(got.join("")).toBe(reply);
    expect(streamed).toBe(reply);
    if (size < 10) expect(got.length).toBeGreaterThan(5);
  });

  it("reads through prose and a code fence before the object", () => {
    const { got } = feed("Sure, here it is:\n```json\n" + general + "\n```", 4);
    expect(got.join("")).toBe(reply);
  });

  it("streams a clarifying question, but not the reply of a request AIOS will plan", () => {
    const ask = answer({ intent: "new_project", projectId: null, needsClarification: true, reply: "What should the app do?" });
    expect(feed(ask, 5).got.join("")).toBe("What should the app do?");
    const plan = answer({ intent: "new_project", projectId: null, needsClarification: false, reply: "I'll plan it." });
    expect(feed(plan, 5).got).toEqual([]);
    const status = answer({ intent: "status_question", projectId: "p1", needsClarification: false, reply: "It is running." });
    expect(feed(status, 5).got).toEqual([]);
  });

  it("waits for the intent when the reply comes first, then sends what was written", () => {
    const early = answer({ reply: "Hello there.", intent: "general_question", projectId: null, needsClarification: false });
    const { got } = feed(early, 6);
    expect(got.join("")).toBe("Hello there.");
  });

  it("stops at the end of the first answer object: a re-ask's answer is not mixed in", () => {
    const { got } = feed(general + answer({ intent: "general_question", projectId: null, needsClarification: false, reply: "Second." }), 9);
    expect(got.join("")).toBe(reply);
  });

  it("drops a failed attempt's text on reset while nothing was shown", () => {
    const got: string[] = [];
    const s = replyStream((t) => got.push(t));
    s.onDelta({ type: "text", text: '{"intent":"gen' });
    s.onDelta({ type: "reset" });
    s.onDelta({ type: "text", text: general });
    expect(got.join("")).toBe(reply);
  });
});

describe("readPartialIntake", () => {
  it("reads fields of a cut object, with a cut escape left for the next piece", () => {
    const cut = '{"intent":"general_question","needsClarification":false,"reply":"a\\';
    expect(readPartialIntake(cut)).toEqual({ intent: "general_question", needsClarification: false, reply: "a", complete: false, end: cut.length });
    expect(readPartialIntake('{"intent":"x","reply":"\\u00e9t\\u00e9"} tail')).toMatchObject({ reply: "été", complete: true, end: 38 });
    expect(readPartialIntake("no object yet")).toEqual({ complete: false, end: 0 });
  });
});
