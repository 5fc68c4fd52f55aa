import "server-only";

// Where a patch applies, in three tiers: the exact text; the same text with different whitespace
// (indentation, line endings, spacing); then the most similar block of lines when it is clearly the
// one meant. Models rarely reproduce a file byte for byte, and a patch refused for a stray space costs
// a whole step. A match that is not unique is never guessed: the model gets the candidate lines.

export type PatchTier = "exact" | "whitespace" | "fuzzy";

/** A located patch: replace content[start, end) with `replacement`. */
export type PatchPlacement = { tier: PatchTier; start: number; end: number; replacement: string; firstLine: number; lastLine: number; similarity: number };

export type PatchMiss =
  | { kind: "ambiguous"; tier: PatchTier; candidates: { line: number; text: string }[] }
  | { kind: "not-found"; nearest: { firstLine: number; lines: string[]; similarity: number } | null };

/** Fuzzy matches need this similarity (0–1), and this lead over any other place. */
export const FUZZY_MIN_SIMILARITY = 0.85;
export const FUZZY_MIN_MARGIN = 0.05;
/** Line pairs compared at most by the fuzzy tier (file lines × patch lines); beyond it only the exact tiers run. */
const FUZZY_BUDGET = 2_000_000;

export function placePatch(content: string, find: string, replace: string): PatchPlacement | PatchMiss {
  const exact = exactTier(content, find, replace);
  if (exact) return exact;
  const lines = splitLines(content);
  const whitespace = find.includes("\n") ? lineTier(content, lines, find, replace) : inlineTier(content, find, replace);
  if (whitespace) return whitespace;
  return fuzzyTier(content, lines, find, replace);
}

// ---- exact ----

function exactTier(content: string, find: string, replace: string): PatchPlacement | PatchMiss | null {
  const at: number[] = [];
  for (let i = content.indexOf(find); i !== -1; i = content.indexOf(find, i + 1)) at.push(i);
  if (at.length === 0) return null;
  if (at.length > 1) return { kind: "ambiguous", tier: "exact", candidates: at.map((i) => candidate(content, i)) };
  const start = at[0]!;
  return { tier: "exact", start, end: start + find.length, replacement: replace, firstLine: lineOf(content, start), lastLine: lineOf(content, start + find.length), similarity: 1 };
}

// ---- whitespace-insensitive ----

type Line = { text: string; start: number; end: number };

function splitLines(content: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = content.indexOf("\n", start);
    const end = nl === -1 ? content.length : nl;
    const text = content.slice(start, end).replace(/\r$/, "");
    out.push({ text, start, end: content[end - 1] === "\r" ? end - 1 : end });
    if (nl === -1) return out;
    start = nl + 1;
  }
}

const squish = (s: string) => s.trim().replace(/\s+/g, " ");

/** The patch's lines without blank lines at either end (they carry no position). */
function patchLines(text: string): string[] {
  const lines = text.replace(/\r/g, "").split("\n");
  while (lines.length && lines[0]!.trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1]!.trim() === "") lines.pop();
  return lines;
}

/**
 * A multi-line patch: whole lines equal after trimming and collapsing whitespace. Blank lines are
 * whitespace too: a patch that drops or adds an empty line between two lines still matches.
 */
function lineTier(content: string, lines: Line[], find: string, replace: string): PatchPlacement | PatchMiss | null {
  const want = patchLines(find).map(squish).filter((l) => l !== "");
  if (want.length === 0) return null;
  const have = lines.map((l) => squish(l.text));
  const filled = have.flatMap((l, i) => (l === "" ? [] : [i]));
  const hits: number[] = [];
  for (let i = 0; i + want.length <= filled.length; i++) {
    if (want.every((w, j) => have[filled[i + j]!] === w)) hits.push(i);
  }
  if (hits.length === 0) return null;
  if (hits.length > 1) return { kind: "ambiguous", tier: "whitespace", candidates: hits.map((i) => ({ line: filled[i]! + 1, text: lines[filled[i]!]!.text })) };
  const first = filled[hits[0]!]!;
  const last = filled[hits[0]! + want.length - 1]!;
  return lineBlock(content, lines, first, last - first + 1, find, replace, "whitespace", 1);
}

/** Replaces whole lines [first, first + count) with `replace`, re-indented like the file and in its line endings. */
function lineBlock(content: string, lines: Line[], first: number, count: number, find: string, replace: string, tier: PatchTier, similarity: number): PatchPlacement {
  const block = lines.slice(first, first + count);
  const findFirst = patchLines(find)[0] ?? "";
  const replacement = reindent(patchLines(replace), indentOf(findFirst), indentOf(block[0]!.text)).join(content.includes("\r\n") ? "\r\n" : "\n");
  return { tier, start: block[0]!.start, end: block[block.length - 1]!.end, replacement, firstLine: first + 1, lastLine: first + count, similarity };
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

/** The model indented its patch differently from the file: shift its lines by the same difference. */
function reindent(lines: string[], from: string, to: string): string[] {
  if (from === to) return lines;
  return lines.map((l) => (l.startsWith(from) ? to + l.slice(from.length) : l.trim() === "" ? l : to + l.trimStart()));
}

/** A patch within a line (no newline): the text with every whitespace run counted as one space. */
function inlineTier(content: string, find: string, replace: string): PatchPlacement | PatchMiss | null {
  const want = squish(find);
  if (want === "") return null;
  // The content with whitespace runs collapsed, and where each collapsed character came from.
  const chars: string[] = [];
  const from: number[] = [];
  let space = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    const code = content.charCodeAt(i);
    const isSpace = code <= 32 ? code === 32 || (code >= 9 && code <= 13) : code > 127 && /\s/.test(c);
    if (isSpace && space) continue;
    space = isSpace;
    chars.push(isSpace ? " " : c);
    from.push(i);
  }
  const flat = chars.join("");
  const hits: number[] = [];
  for (let i = flat.indexOf(want); i !== -1; i = flat.indexOf(want, i + 1)) hits.push(i);
  if (hits.length === 0) return null;
  if (hits.length > 1) return { kind: "ambiguous", tier: "whitespace", candidates: hits.map((i) => candidate(content, from[i]!)) };
  const start = from[hits[0]!]!;
  const end = from[hits[0]! + want.length - 1]! + 1;
  return { tier: "whitespace", start, end, replacement: replace.trim(), firstLine: lineOf(content, start), lastLine: lineOf(content, end), similarity: 1 };
}

// ---- fuzzy ----

/**
 * A line as its character bigrams (interned to numbers, sorted): two lines' similarity is their Dice
 * coefficient, computed by merging the two lists (cheap enough to score every window of a large file).
 */
type Grams = { text: string; ids: Int32Array };

function gramsOf(text: string, ids: Map<string, number>): Grams {
  const out = new Int32Array(Math.max(0, text.length - 1));
  for (let i = 0; i < text.length - 1; i++) {
    const g = text.slice(i, i + 2);
    let id = ids.get(g);
    if (id === undefined) ids.set(g, (id = ids.size));
    out[i] = id;
  }
  return { text, ids: out.sort() };
}

function dice(a: Grams, b: Grams): number {
  if (a.text === b.text) return 1;
  const x = a.ids;
  const y = b.ids;
  if (x.length === 0 || y.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (x[i] === y[j]) {
      shared++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return (2 * shared) / (x.length + y.length);
}

/** The best window of as many lines as the patch, by length-weighted line similarity. */
function fuzzyTier(content: string, lines: Line[], find: string, replace: string): PatchPlacement | PatchMiss {
  const want = patchLines(find).map(squish);
  if (want.length === 0 || want.length > lines.length || lines.length * want.length > FUZZY_BUDGET) return { kind: "not-found", nearest: null };
  const ids = new Map<string, number>();
  const wantGrams = want.map((l) => gramsOf(l, ids));
  const haveGrams = lines.map((l) => gramsOf(squish(l.text), ids));
  const total = (i: number) => {
    let score = 0;
    let weight = 0;
    for (let j = 0; j < want.length; j++) {
      const w = Math.max(want[j]!.length, haveGrams[i + j]!.text.length, 1);
      score += w * dice(wantGrams[j]!, haveGrams[i + j]!);
      weight += w;
    }
    return score / weight;
  };
  const scores: { at: number; score: number }[] = [];
  for (let i = 0; i + want.length <= lines.length; i++) scores.push({ at: i, score: total(i) });
  scores.sort((a, b) => b.score - a.score || a.at - b.at);
  const best = scores[0]!;
  const nearest = { firstLine: best.at + 1, lines: lines.slice(best.at, best.at + want.length).map((l) => l.text), similarity: best.score };
  if (best.score < FUZZY_MIN_SIMILARITY) return { kind: "not-found", nearest };
  // Windows overlapping the best one are the same place shifted; a rival is elsewhere.
  const rivals = scores.filter((s) => Math.abs(s.at - best.at) >= want.length && s.score > best.score - FUZZY_MIN_MARGIN);
  if (rivals.length) {
    const places = [best, ...rivals].slice(0, 5);
    return { kind: "ambiguous", tier: "fuzzy", candidates: places.map((s) => ({ line: s.at + 1, text: lines[s.at]!.text })) };
  }
  return lineBlock(content, lines, best.at, want.length, find, replace, "fuzzy", best.score);
}

// ---- helpers ----

function lineOf(content: string, index: number): number {
  let line = 1;
  for (let i = content.indexOf("\n"); i !== -1 && i < index; i = content.indexOf("\n", i + 1)) line++;
  return line;
}

/** The line a match starts on, for "line 12: const a = 1;". */
function candidate(content: string, index: number): { line: number; text: string } {
  const start = content.lastIndexOf("\n", index - 1) + 1;
  const nl = content.indexOf("\n", index);
  return { line: lineOf(content, index), text: content.slice(start, nl === -1 ? content.length : nl).replace(/\r$/, "") };
}
