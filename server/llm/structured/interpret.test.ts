import { describe, expect, it } from "vitest";
import { z } from "zod";
import { extractJson } from "./extract-json";
import { interpret } from "./interpret";
import { parseJson } from "./parse-json";
import { describeIssues } from "./problems";
import { reaskMessage, schemaInstructions } from "./schema-prompt";

const Thing = z.object({ name: z.string().min(2), parts: z.array(z.object({ id: z.string(), size: z.number() })).min(1) });

describe("extractJson", () => {
  it("leaves bare JSON alone and reports nothing", () => {
    expect(extractJson(' {"a": 1} ')).toEqual({ text: '{"a": 1}', repairs: [] });
  });

  it("strips a ```json fence, and a bare ``` fence", () => {
    expect(extractJson('```json\n{"a": 1}\n```')).toEqual({ text: '{"a": 1}', repairs: ["stripped a ```json fence"] });
    expect(extractJson('```\n{"a": 1}\n```')).toEqual({ text: '{"a": 1}', repairs: ["stripped a ``` fence"] });
  });

  it("finds the fenced JSON among prose and other fences", () => {
    const answer = 'Here is the plan:\n```text\nnot this\n```\n```JSON\n{"a": [1, 2]}\n```\nLet me know!';
    expect(extractJson(answer)).toEqual({ text: '{"a": [1, 2]}', repairs: ["stripped a ```json fence"] });
  });

  it("cuts prose before and after unfenced JSON, preferring the object over bracketed prose", () => {
    expect(extractJson('Sure [draft 2]! {"a": {"b": 1}} Hope that helps.')).toEqual({ text: '{"a": {"b": 1}}', repairs: ["removed text around the JSON"] });
  });

  it("is not fooled by a fence quoted inside a JSON string", () => {
    const json = JSON.stringify({ description: "Show usage:\n```sh\nnode cli.js\n```\nthen exit." });
    expect(extractJson("```json\n" + json + "\n```")).toEqual({ text: json, repairs: ["stripped a ```json fence"] });
  });

  it("drops a reasoning block and keeps a cut-off fence for repair", () => {
    expect(extractJson('<think>the user wants {x}</think>\n```json\n{"a": 1,')).toEqual({
      text: '{"a": 1,',
      repairs: ["removed the model's reasoning block", "stripped a ```json fence"],
    });
  });
});

describe("parseJson", () => {
  it("parses valid JSON without a repair", () => {
    expect(parseJson('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] }, repairs: [] });
  });

  it("repairs trailing commas, single quotes, comments and a cut-off end", () => {
    const r = parseJson("{'a': 1, /* note */ \"b\": [1, 2,], \"c\": {\"d\": true");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({ a: 1, b: [1, 2], c: { d: true } });
    expect(r.repairs).toHaveLength(1);
    expect(r.repairs[0]).toMatch(/^repaired invalid JSON \(/);
  });

  it("says so when there is nothing to repair", () => {
    expect(parseJson("   ")).toEqual({ ok: false, problem: "the answer was empty" });
    expect(parseJson("{{{")).toEqual({ ok: false, problem: expect.stringMatching(/^the answer is not JSON \(/) });
  });
});

describe("describeIssues", () => {
  it("speaks to people in sentences and to the model in paths, never in zod's words", () => {
    const r = Thing.safeParse({ parts: [{ id: "a", size: "big" }, { size: 2 }] });
    expect(r.success).toBe(false);
    const problems = describeIssues(r.error!.issues, "thing", (p) => (p.length === 2 && p[0] === "parts" ? `part ${Number(p[1]) + 1}` : undefined));
    expect(problems.map((p) => p.forPeople)).toEqual(["the thing has no name", "part 1's size should be a number", "part 2 has no id"]);
    expect(problems.map((p) => p.forModel)).toEqual(["name: is missing", "parts[0].size: should be a number", "parts[1].id: is missing"]);
    expect(JSON.stringify(problems)).not.toMatch(/Invalid input|received/);
  });

  it("words sizes, enums and custom messages", () => {
    const S = z.object({ kind: z.enum(["a", "b"]), tags: z.array(z.string()).min(1), key: z.string().regex(/^[a-z]+$/, "keys are lowercase words") });
    const r = S.safeParse({ kind: "c", tags: [], key: "X" });
    expect(describeIssues(r.error!.issues, "answer").map((p) => p.forPeople)).toEqual([
      `the answer's kind should be one of "a", "b"`,
      "the answer's tags should have at least 1 item",
      "the answer's key keys are lowercase words",
    ]);
  });
});

describe("interpret", () => {
  it("repairs, normalises and validates, listing every repair", () => {
    const answer = '```json\n{"name": "Box", "parts": [{"id": "A", "size": "3",}]}\n```';
    const r = interpret(answer, {
      schema: Thing,
      what: "thing",
      normalise: (raw, note) => {
        const v = raw as { parts: { id: string; size: unknown }[] };
        for (const p of v.parts) {
          if (p.id !== p.id.toLowerCase()) note(`id "${p.id}" → "${p.id.toLowerCase()}"`);
          p.id = p.id.toLowerCase();
          p.size = Number(p.size);
        }
        return v;
      },
    });
    expect(r).toEqual({
      ok: true,
      value: { name: "Box", parts: [{ id: "a", size: 3 }] },
      repairs: ["stripped a ```json fence", expect.stringMatching(/^repaired invalid JSON/), 'id "A" → "a"'],
      repairedJson: true,
    });
  });

  it("says when the JSON itself needed repair (a cut-off answer closes into valid JSON), and not for a fence alone", () => {
    const cut = interpret('{"name": "Box", "parts": [{"id": "a", "size": 1}, {"id": "b", "si', { schema: Thing, what: "thing" });
    expect(cut).toMatchObject({ ok: true, repairedJson: true });
    expect(interpret('```json\n{"name": "Box", "parts": [{"id": "a", "size": 1}]}\n```', { schema: Thing, what: "thing" })).toMatchObject({ ok: true, repairedJson: false });
  });

  it("returns the problems when the answer is not usable, including the caller's own checks", () => {
    expect(interpret("no json here", { schema: Thing, what: "thing" })).toEqual({
      ok: false,
      problems: [{ path: [], forModel: "the answer has no JSON object in it", forPeople: "the answer has no JSON object in it" }],
    });
    const checked = interpret('{"name": "Box", "parts": [{"id": "a", "size": 1}]}', { schema: Thing, what: "thing", check: () => ["the parts form a cycle: a → a"] });
    expect(checked).toEqual({ ok: false, problems: [{ path: [], forModel: "the parts form a cycle: a → a", forPeople: "the parts form a cycle: a → a" }] });
  });

  it("a normaliser that throws does not hide the real problem", () => {
    const r = interpret('{"name": "B"}', {
      schema: Thing,
      what: "thing",
      normalise: () => {
        throw new Error("unexpected shape");
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.forPeople)).toEqual(["the thing's name should have at least 2 characters", "the thing has no parts"]);
  });
});

describe("prompts", () => {
  it("asks for bare JSON with the schema, and re-asks with a readable list", () => {
    const text = schemaInstructions(Thing);
    expect(text).toMatch(/no code fences/);
    expect(JSON.parse(text.slice(text.indexOf("{")))).toMatchObject({ type: "object", required: ["name", "parts"] });
    expect(reaskMessage(["name: is missing", "parts[0].size: should be a number"])).toBe(
      "Your answer could not be used:\n- name: is missing\n- parts[0].size: should be a number\nAnswer again with the whole corrected JSON object only.",
    );
  });
});
