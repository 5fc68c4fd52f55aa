import "server-only";
import { jsonrepair } from "jsonrepair";

// JSON.parse first; when that fails, jsonrepair fixes what models typically break (trailing commas,
// single quotes, unquoted keys, comments, a cut-off end, Python's True/None) and the repair is reported.

export type Parsed = { ok: true; value: unknown; repairs: string[] } | { ok: false; problem: string };

export function parseJson(text: string): Parsed {
  if (text.trim() === "") return { ok: false, problem: "the answer was empty" };
  // jsonrepair would turn prose into a JSON string; only text that starts like JSON is worth repairing.
  if (!/^\s*[{[]/.test(text)) return { ok: false, problem: "the answer has no JSON object in it" };
  try {
    return { ok: true, value: JSON.parse(text), repairs: [] };
  } catch (strictError) {
    try {
      return { ok: true, value: JSON.parse(jsonrepair(text)), repairs: [`repaired invalid JSON (${firstLine(strictError)})`] };
    } catch {
      return { ok: false, problem: `the answer is not JSON (${firstLine(strictError)})` };
    }
  }
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 160);
