import "server-only";
import type { PatchMiss, PatchPlacement } from "./patch-match";

// What the model reads after patch_file: how a non-exact match was applied, or why nothing changed
// with the lines it should look at. Each failure ends with the way out (a whole-file write), because
// a model that misquotes a file twice rarely gets it right the third time.

const WAY_OUT = "If patching keeps failing, rewrite the whole file with write_file.";
const MAX_SHOWN = 5;
const clip = (line: string) => (line.length > 160 ? `${line.slice(0, 159)}…` : line);
const lines = (first: number, last: number) => (first === last ? `line ${first}` : `lines ${first}–${last}`);
const percent = (x: number) => `${Math.floor(x * 100)}%`;

export function patchMissText(rel: string, miss: PatchMiss): string {
  if (miss.kind === "ambiguous") {
    const n = miss.candidates.length;
    const lead =
      miss.tier === "exact"
        ? `The text to find occurs ${n} times in "${rel}"`
        : miss.tier === "whitespace"
          ? `The text to find matches ${n} places in "${rel}" when whitespace is ignored`
          : `The text to find does not occur exactly in "${rel}", and ${n} places are about equally similar`;
    const shown = miss.candidates.slice(0, MAX_SHOWN).map((c) => `  line ${c.line}: ${clip(c.text.trim())}`);
    const more = n > MAX_SHOWN ? [`  … and ${n - MAX_SHOWN} more`] : [];
    return [`${lead}; include more of the surrounding text so it matches exactly once. Nothing was changed.`, "Candidates:", ...shown, ...more].join("\n");
  }
  const head = `The text to find does not occur in "${rel}" (0 matches); nothing was changed.`;
  if (!miss.nearest || miss.nearest.similarity < 0.3) return `${head}\nRead the file again and copy the text exactly. ${WAY_OUT}`;
  const { firstLine, lines: near, similarity } = miss.nearest;
  const body = near.slice(0, 12).map((l, i) => `${firstLine + i}| ${clip(l)}`);
  return [
    head,
    `The most similar text is at ${lines(firstLine, firstLine + near.length - 1)} (${percent(similarity)} similar):`,
    ...body,
    ...(near.length > 12 ? [`… (${near.length - 12} more lines)`] : []),
    `Copy the text exactly from the file. ${WAY_OUT}`,
  ].join("\n");
}

export function patchNote(placed: PatchPlacement): string {
  const where = lines(placed.firstLine, placed.lastLine);
  return placed.tier === "whitespace"
    ? `The text matched at ${where} once whitespace was ignored.`
    : `The text did not match exactly; it was applied to ${where}, which are ${percent(placed.similarity)} similar. Read the file to check the result.`;
}
