import "server-only";
import { callLabel, stableJson } from "./call-label";
import { oneLine } from "./mistakes";

// The stuck detector: a model that repeats itself (the same call with the same result, the same error
// again and again, or alternating between two calls) is warned once, then stopped with a sentence a
// person understands. Only the pattern that was warned about stops the run.

export type Action = { tool: string; input: unknown; ok: boolean; output: string };

export type StuckPattern = "repeat" | "same-error" | "alternating";

/** When each pattern warns, and when (after the warning) it stops. */
export const STUCK_LIMITS: Record<StuckPattern, { warn: number; stop: number }> = {
  repeat: { warn: 3, stop: 5 },
  "same-error": { warn: 3, stop: 5 },
  alternating: { warn: 4, stop: 6 },
};
/** How far back the same error is looked for (other actions may come between the repeats). */
const ERROR_WINDOW = 10;

type Seen = { call: string; result: string; label: string; ok: boolean; error: string };

export type StuckState = { recent: Seen[]; warned: string[] };
export const notStuck = (): StuckState => ({ recent: [], warned: [] });

export type StuckVerdict =
  | { kind: "ok" }
  | { kind: "warn" | "stop"; pattern: StuckPattern; count: number; message: string };

/**
 * Output compared without what changes on every run of the same thing (timings), so a failing test run
 * repeated is recognised as the same result.
 */
export function normaliseOutput(output: string): string {
  return output
    .replace(/(duration_ms|time|elapsed)\s*[:=]?\s*[\d.]+/gi, "$1 #")
    .replace(/\b\d+(\.\d+)?\s*(ms|s|sec|seconds)\b/g, "# $2")
    .trim();
}

type Found = { pattern: StuckPattern; key: string; count: number; labels: string[]; error?: string };

function detect(recent: Seen[]): Found[] {
  const found: Found[] = [];
  const last = recent.at(-1);
  if (!last) return found;
  // The same call with the same result, back to back.
  let repeat = 0;
  for (let i = recent.length - 1; i >= 0 && recent[i]!.call === last.call && recent[i]!.result === last.result; i--) repeat++;
  if (repeat >= 2) found.push({ pattern: "repeat", key: `repeat:${last.call}`, count: repeat, labels: [last.label] });
  // A, B, A, B …: two different calls, each with its own unchanging result.
  const prev = recent.at(-2);
  if (prev && (prev.call !== last.call || prev.result !== last.result)) {
    let alt = 0;
    for (let i = recent.length - 1; i >= 0; i--) {
      const want = (recent.length - 1 - i) % 2 === 0 ? last : prev;
      if (recent[i]!.call !== want.call || recent[i]!.result !== want.result) break;
      alt++;
    }
    if (alt >= 3) {
      const pair = [last.call, prev.call].sort().join("|");
      found.push({ pattern: "alternating", key: `alt:${pair}`, count: alt, labels: [prev.label, last.label] });
    }
  }
  // The same error again, whatever came between.
  if (!last.ok) {
    const same = recent.slice(-ERROR_WINDOW).filter((s) => !s.ok && s.error === last.error).length;
    if (same >= 2) found.push({ pattern: "same-error", key: `error:${last.error}`, count: same, labels: [last.label], error: last.error });
  }
  return found;
}

/** Adds one action and says whether the model is stuck: nothing, a warning (once per pattern), or stop. */
export function observeAction(state: StuckState, action: Action): { state: StuckState; verdict: StuckVerdict } {
  const result = normaliseOutput(action.output);
  const seen: Seen = { call: `${action.tool} ${stableJson(action.input)}`, result: `${action.ok} ${result}`, label: callLabel(action.tool, action.input), ok: action.ok, error: result };
  const recent = [...state.recent, seen].slice(-16);
  const next: StuckState = { recent, warned: state.warned };
  const found = detect(recent);
  // A pattern already warned about that persists stops the run; a new one is warned about once.
  const stop = found.find((f) => state.warned.includes(f.key) && f.count >= STUCK_LIMITS[f.pattern].stop);
  if (stop) return { state: next, verdict: { kind: "stop", pattern: stop.pattern, count: stop.count, message: stopSentence(stop) } };
  const warn = found.find((f) => !state.warned.includes(f.key) && f.count >= STUCK_LIMITS[f.pattern].warn);
  if (warn) {
    return { state: { recent, warned: [...state.warned, warn.key] }, verdict: { kind: "warn", pattern: warn.pattern, count: warn.count, message: warning(warn) } };
  }
  return { state: next, verdict: { kind: "ok" } };
}

/** What the model is told. */
function warning(f: Found): string {
  switch (f.pattern) {
    case "repeat":
      return `You have called ${f.labels[0]} with the same input ${f.count} times and got the same result each time. Try something different: use what the result says, change the input, or use another tool.`;
    case "alternating":
      return `You are alternating between ${f.labels[0]} and ${f.labels[1]} and the results do not change. Try something different.`;
    case "same-error":
      return `The same error has come back ${f.count} times: "${oneLine(f.error ?? "")}". Doing the same again will not fix it; try a different approach.`;
  }
}

/** What a person reads as the task's failure reason. */
function stopSentence(f: Found): string {
  switch (f.pattern) {
    case "repeat":
      return `Stopped: the agent called ${f.labels[0]} ${f.count} times in a row with the same input and kept getting the same result, even after a warning.`;
    case "alternating":
      return `Stopped: the agent kept alternating between ${f.labels[0]} and ${f.labels[1]} without making progress, even after a warning.`;
    case "same-error":
      return `Stopped: the same error came back ${f.count} times ("${oneLine(f.error ?? "", 120)}"), even after a warning.`;
  }
}
