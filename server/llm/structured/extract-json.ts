import "server-only";

// Models wrap JSON in many ways: ```json fences, a sentence before ("Here is the plan:") or after,
// a <think> block from reasoning models. Cut the answer down to the JSON itself and say what was cut,
// so the person can see what AIOS changed.

export type Extracted = { text: string; repairs: string[] };

const THINK = /<think>[\s\S]*?(<\/think>|$)/gi;
const FENCE = /```[ \t]*([\w+-]*)[ \t]*\r?\n?([\s\S]*?)(```|$)/g;

/** The JSON part of a model's answer (the whole answer when it is already bare JSON). */
export function extractJson(answer: string): Extracted {
  const repairs: string[] = [];
  let text = answer.trim();
  if (/<think>/i.test(text)) {
    text = text.replace(THINK, "").trim();
    repairs.push("removed the model's reasoning block");
  }
  const fenced = fromFence(text);
  if (fenced) {
    const note = fenced.lang ? `stripped a \`\`\`${fenced.lang} fence` : "stripped a ``` fence";
    // A fence inside a JSON string (a description quoting code) ends the block early: then the braces
    // around the whole answer hold the real JSON.
    const whole = fromProse(text);
    const body = parses(fenced.text) || !parses(whole) ? fenced.text : whole;
    return { text: body, repairs: [...repairs, note] };
  }
  const bare = fromProse(text);
  if (bare !== text) {
    text = bare;
    repairs.push("removed text around the JSON");
  }
  return { text, repairs };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The first fenced block that holds JSON (an unclosed fence, from a cut-off answer, counts). */
function fromFence(text: string): { text: string; lang: string } | null {
  for (const m of text.matchAll(FENCE)) {
    const body = (m[2] ?? "").trim();
    if (body.startsWith("{") || body.startsWith("[")) return { text: body, lang: (m[1] ?? "").toLowerCase() };
  }
  return null;
}

/**
 * From the first opening brace to its last closing one. Objects win over arrays: every structured
 * answer AIOS asks for is an object, and prose often holds brackets ("[draft]") but rarely braces.
 */
function fromProse(text: string): string {
  if (text.startsWith("{") || text.startsWith("[")) return trimAfter(text);
  const brace = text.indexOf("{");
  const start = brace !== -1 ? brace : text.indexOf("[");
  if (start === -1) return text;
  return trimAfter(text.slice(start));
}

/** Drops prose after the JSON's last closing bracket; a cut-off answer (no closer) is kept whole for repair. */
function trimAfter(text: string): string {
  const closer = text.startsWith("{") ? "}" : "]";
  const end = text.lastIndexOf(closer);
  return end === -1 ? text : text.slice(0, end + 1);
}
