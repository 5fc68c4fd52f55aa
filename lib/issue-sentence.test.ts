import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldLabel, issueSentences } from "./issue-sentence";

const problems = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error("expected the input to be refused");
  return issueSentences(parsed.error.issues);
};

describe("validation problems as sentences", () => {
  it("says how long a name may be, with no schema vocabulary", () => {
    const text = problems(z.object({ name: z.string().max(120) }), { name: "x".repeat(121) });
    expect(text).toBe("Name can be at most 120 characters.");
  });

  it("names required fields and short ones", () => {
    expect(problems(z.object({ name: z.string().min(1) }), { name: "" })).toBe("Name is required.");
    expect(problems(z.object({ name: z.string() }), {})).toBe("Name is required.");
    expect(problems(z.object({ goal: z.string().min(5) }), { goal: "ab" })).toBe("Goal needs at least 5 characters.");
  });

  it("labels nested fields by their item", () => {
    const schema = z.object({ tasks: z.array(z.object({ title: z.string().max(10) })) });
    expect(problems(schema, { tasks: [{ title: "ok" }, { title: "x".repeat(11) }] })).toBe("Title of task 2 can be at most 10 characters.");
    expect(fieldLabel(["modelOverrides"])).toBe("Model overrides");
    expect(fieldLabel([])).toBe("The input");
  });

  it("reads numbers, lists, choices, formats and unknown keys", () => {
    expect(problems(z.object({ limit: z.number().int().max(100) }), { limit: 500 })).toBe("Limit must be at most 100.");
    expect(problems(z.object({ ids: z.array(z.string()).max(2) }), { ids: ["a", "b", "c"] })).toBe("Ids can have at most 2 items.");
    expect(problems(z.object({ role: z.enum(["admin", "member"]) }), { role: "root" })).toBe('Role must be one of "admin", "member".');
    expect(problems(z.object({ email: z.email() }), { email: "nope" })).toBe("Email must be a valid e-mail address.");
    expect(problems(z.strictObject({ a: z.string() }), { a: "x", b: 1 })).toBe("This field is not accepted: b.");
    expect(problems(z.object({ count: z.number() }), { count: "7" })).toBe("Count must be a number.");
  });

  it("keeps a message the schema wrote, as a sentence", () => {
    expect(problems(z.object({ name: z.string().max(3, "Project name can be at most 3 characters") }), { name: "long" })).toBe(
      "Project name can be at most 3 characters.",
    );
  });

  it("lists at most three problems and counts the rest", () => {
    const schema = z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string(), e: z.string() });
    expect(problems(schema, {})).toBe("A is required. B is required. C is required. (and 2 more problems)");
  });
});
