// Reading a JSON object while it is still being written (a model's streamed answer or tool input):
// the top-level fields so far, tolerant of prose or a code fence before the object and of a string or
// escape cut in the middle. Nested values are skipped. Shared by the chat route (the reply of an intake
// answer) and the task timeline (a tool's arguments as they are written).

export type PartialValue = string | number | boolean | null;

export type PartialObject = {
  fields: Record<string, PartialValue>;
  /** The field whose value is being written right now (a string not closed yet), if any. */
  open: string | null;
  /** The object's closing brace has arrived; `end` is the index after it. */
  complete: boolean;
  end: number;
};

export function readPartialObject(raw: string): PartialObject {
  const start = raw.indexOf("{");
  const fields: Record<string, PartialValue> = {};
  if (start < 0) return { fields, open: null, complete: false, end: 0 };
  let depth = 0;
  let i = start;
  let key: string | null = null;
  let expectKey = false;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '"') {
      const s = readString(raw, i + 1);
      if (depth === 1 && expectKey) {
        if (!s.closed) break;
        key = s.value;
        expectKey = false;
      } else if (depth === 1 && key !== null) {
        fields[key] = s.value;
        if (!s.closed) return { fields, open: key, complete: false, end: raw.length };
        key = null;
      }
      if (!s.closed) break;
      i = s.next;
      continue;
    }
    if (c === "{" || c === "[") {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return { fields, open: null, complete: true, end: i + 1 };
    } else if (depth === 1) {
      if (c === ",") {
        expectKey = true;
        key = null;
      } else if (key !== null && c !== ":" && !/\s/.test(c)) {
        // A literal: true, false, null or a number (only once it is followed by a delimiter).
        const m = /^(true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=[\s,}\]])/.exec(raw.slice(i));
        if (!m) break;
        const word = m[1]!;
        fields[key] = word === "true" ? true : word === "false" ? false : word === "null" ? null : Number(word);
        i += word.length;
        continue;
      }
    }
    i++;
  }
  return { fields, open: null, complete: false, end: raw.length };
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** A JSON string from `from` (after its opening quote): its value so far, whether it closed, and where it ends. */
function readString(raw: string, from: number): { value: string; closed: boolean; next: number } {
  let value = "";
  let i = from;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '"') return { value, closed: true, next: i + 1 };
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    // An escape cut by the stream waits for its next piece.
    const e = raw[i + 1];
    if (e === undefined) break;
    if (e === "u") {
      const hex = raw.slice(i + 2, i + 6);
      if (hex.length < 4) break;
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    value += ESCAPES[e] ?? e;
    i += 2;
  }
  return { value, closed: false, next: raw.length };
}
