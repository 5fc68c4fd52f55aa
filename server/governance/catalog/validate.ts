import { AppError } from "@/server/errors";
import { PRICE_FIELDS, type PriceInput } from "./types";

// Input checks beyond the router's zod shapes, each naming the field a person typed into.

export const MAX_PRICE_PER_MTOK = 1000;
const PRICE_LABEL: Record<(typeof PRICE_FIELDS)[number], string> = {
  inputPerMTok: "Input price",
  outputPerMTok: "Output price",
  cachedReadPerMTok: "Cached-read price",
  cacheWritePerMTok: "Cache-write price",
};

/** A provider base URL: http(s), a host, no credentials in it, no query; trailing slashes dropped. */
export function checkBaseUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError("BAD_REQUEST", `Base URL: "${clip(text)}" is not a URL (e.g. https://api.openai.com/v1 or http://localhost:11434/v1).`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("BAD_REQUEST", `Base URL: must start with http:// or https:// (got ${clip(url.protocol)}).`);
  }
  if (url.username || url.password) throw new AppError("BAD_REQUEST", "Base URL: must not contain a user name or password; put the key in the API key field.");
  if (url.search || url.hash) throw new AppError("BAD_REQUEST", "Base URL: must not have a query (?…) or fragment (#…).");
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** A pasted API key: no spaces or control characters inside (a common copy-paste accident). */
export function checkApiKey(raw: string): string {
  const key = raw.trim();
  if (key.length < 8) throw new AppError("BAD_REQUEST", "API key: too short to be a provider key.");
  if (/[\s\u0000-\u001f\u007f]/.test(key)) throw new AppError("BAD_REQUEST", "API key: contains spaces or line breaks; paste the key alone.");
  return key;
}

export function checkPrice(price: PriceInput): PriceInput {
  for (const field of PRICE_FIELDS) {
    const v = price[field];
    const label = PRICE_LABEL[field];
    if (!Number.isFinite(v)) throw new AppError("BAD_REQUEST", `${label}: must be a number.`);
    if (v < 0) throw new AppError("BAD_REQUEST", `${label}: cannot be negative.`);
    if (v > MAX_PRICE_PER_MTOK) {
      throw new AppError("BAD_REQUEST", `${label}: $${v} per million tokens is above the $${MAX_PRICE_PER_MTOK} limit; prices are per million tokens.`);
    }
  }
  return Object.fromEntries(PRICE_FIELDS.map((f) => [f, Math.round(price[f] * 1e6) / 1e6])) as PriceInput;
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
