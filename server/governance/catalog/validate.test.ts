import { describe, expect, it } from "vitest";
import { tableModel } from "./price-table";
import { checkApiKey, checkBaseUrl, checkPrice } from "./validate";

const price = { inputPerMTok: 1, outputPerMTok: 2, cachedReadPerMTok: 0.1, cacheWritePerMTok: 1.25 };

describe("catalog input checks", () => {
  it("normalises base URLs and names what is wrong with bad ones", () => {
    expect(checkBaseUrl(" http://localhost:11434/v1/ ")).toBe("http://localhost:11434/v1");
    expect(checkBaseUrl("https://API.openai.com/v1")).toBe("https://api.openai.com/v1");
    expect(() => checkBaseUrl("file:///etc/passwd")).toThrow(/^Base URL: must start with http:\/\/ or https:\/\//);
    expect(() => checkBaseUrl("localhost:11434")).toThrow(/^Base URL: must start with http/);
    expect(() => checkBaseUrl("https://a.example/v1?key=sk-123")).toThrow(/^Base URL: must not have a query/);
    expect(() => checkBaseUrl("https://u:p@a.example/v1")).toThrow(/^Base URL: must not contain a user name or password/);
  });

  it("refuses pasted keys with spaces or too short to be real", () => {
    expect(checkApiKey("  sk-abcdefgh123 ")).toBe("sk-abcdefgh123");
    expect(() => checkApiKey("sk-1")).toThrow(/^API key: too short/);
    expect(() => checkApiKey("sk-abc\ndefghij")).toThrow(/^API key: contains spaces or line breaks/);
  });

  it("refuses negative, absurd and non-numeric prices naming the field, and rounds to 6 decimals", () => {
    expect(checkPrice({ ...price, inputPerMTok: 0.1234567 }).inputPerMTok).toBe(0.123457);
    expect(() => checkPrice({ ...price, cachedReadPerMTok: -0.01 })).toThrow(/^Cached-read price: cannot be negative/);
    expect(() => checkPrice({ ...price, outputPerMTok: 1000.01 })).toThrow(/^Output price: \$1000.01 per million tokens is above the \$1000 limit/);
    expect(() => checkPrice({ ...price, cacheWritePerMTok: Number.NaN })).toThrow(/^Cache-write price: must be a number/);
    expect(checkPrice({ ...price, inputPerMTok: 1000 }).inputPerMTok).toBe(1000);
  });

  it("knows snapshot ids by their base model in the dated table", () => {
    expect(tableModel("anthropic", "claude-sonnet-4-5-20250929")).toMatchObject({ inputPerMTok: 3, cacheWritePerMTok: 3.75, contextWindow: 200_000 });
    expect(tableModel("openai", "gpt-4.1-mini-2025-04-14")).toMatchObject({ inputPerMTok: 0.4 });
    expect(tableModel("compatible", "llama3.1")).toBeNull();
  });
});
