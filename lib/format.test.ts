import { describe, expect, it } from "vitest";
import { firstGraphemes, initials } from "./format";

describe("initials", () => {
  it("takes a whole emoji, never half of its surrogate pair", () => {
    expect(initials("🚀 Rocket team")).toBe("🚀T");
    expect(initials("🦄")).toBe("🦄");
    expect(initials("🦄unicorns")).toBe("🦄U");
    expect(initials("🦄 unicorns")).not.toContain("\uFFFD");
  });

  it("keeps a family emoji (joined by zero-width joiners) and a flag as one character", () => {
    expect(firstGraphemes("👨‍👩‍👧 family")).toBe("👨‍👩‍👧");
    expect(firstGraphemes("🇫🇷 Paris")).toBe("🇫🇷");
  });

  it("keeps a letter with a combining accent together", () => {
    expect(initials("e\u0301lodie martin")).toBe("E\u0301M");
  });

  it("still reads names and e-mail addresses as before", () => {
    expect(initials("Ada Lovelace")).toBe("AL");
    expect(initials("ada.lovelace@example.com")).toBe("AL");
    expect(initials("ada@example.com")).toBe("AD");
    expect(initials("  ")).toBe("?");
    expect(initials(null)).toBe("?");
  });

  it("returns every lone code unit intact: no half surrogate in the output", () => {
    for (const name of ["😀", "😀😀", "a😀", "😀 b", "𝒜lpha 𝒝eta"]) {
      const out = initials(name);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });
});
