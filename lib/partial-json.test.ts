import { describe, expect, it } from "vitest";
import { readPartialObject } from "./partial-json";

// Top-level fields of a JSON object still being written, as the timeline shows a tool's arguments.

describe("readPartialObject", () => {
  const input = { path: "docs/a.md", content: 'line 1\n"quoted" — é', overwrite: true, mode: 420, note: null, nested: { skip: "me" } };
  const raw = JSON.stringify(input);

  it("reads every top-level field of a whole object, skipping nested ones", () => {
    expect(readPartialObject(raw)).toEqual({
      fields: { path: "docs/a.md", content: 'line 1\n"quoted" — é', overwrite: true, mode: 420, note: null },
      open: null,
      complete: true,
      end: raw.length,
    });
  });

  it("at every cut, shows the fields so far and which string is being written, never a wrong value", () => {
    for (let n = 0; n <= raw.length; n++) {
      const { fields, open } = readPartialObject(raw.slice(0, n));
      for (const [k, v] of Object.entries(fields)) {
        const whole = (input as Record<string, unknown>)[k];
        if (k === open) expect(String(whole).startsWith(String(v))).toBe(true);
        else expect(v).toEqual(whole);
      }
    }
    expect(readPartialObject(raw.slice(0, raw.indexOf("line 1") + 8))).toMatchObject({ fields: { path: "docs/a.md", content: "line 1\n" }, open: "content" });
  });

  it("reads past prose and a fence before the object", () => {
    expect(readPartialObject('Here:\n```json\n{"a": 1, "b": "x').fields).toEqual({ a: 1, b: "x" });
    expect(readPartialObject("nothing yet")).toEqual({ fields: {}, open: null, complete: false, end: 0 });
  });
});
