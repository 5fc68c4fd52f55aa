import { describe, expect, it } from "vitest";
import { redactInput } from "./index";

describe("audit input redaction", () => {
  it("replaces secret-looking fields at any depth and keeps the rest", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    expect(
      redactInput({ email: "a@b.c", password: "p", nested: { apiKey: "k", token: "t", keep: 1 }, list: [{ secret: "s" }], at }),
    ).toEqual({
      email: "a@b.c",
      password: "[redacted]",
      nested: { apiKey: "[redacted]", token: "[redacted]", keep: 1 },
      list: [{ secret: "[redacted]" }],
      at: "2026-01-01T00:00:00.000Z",
    });
    expect(redactInput(undefined)).toBeUndefined();
  });
});
