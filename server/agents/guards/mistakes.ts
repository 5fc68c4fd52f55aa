import "server-only";

// The mistake budget: a model that keeps getting actions wrong (unknown tools, invalid arguments,
// failing tools) stops wasting steps and money. Three in a row → a person is asked (or the run fails
// readably); any successful action resets the count. A first invalid input is a repair turn the model
// gets for free; a second one in a row counts.

export const MISTAKE_LIMIT = 3;

export type ActionKind = "ok" | "failed" | "invalid-input" | "unknown-tool";

export type MistakeState = { streak: number; lastInvalidInput: boolean; mistakes: string[] };

export const noMistakes = (): MistakeState => ({ streak: 0, lastInvalidInput: false, mistakes: [] });

/** The state after one action; `what` says in a few words what went wrong (kept for the question to a person). */
export function countMistake(state: MistakeState, kind: ActionKind, what: string): MistakeState {
  if (kind === "ok") return noMistakes();
  const repairTurn = kind === "invalid-input" && !state.lastInvalidInput;
  if (repairTurn) return { ...state, lastInvalidInput: true };
  return { streak: state.streak + 1, lastInvalidInput: kind === "invalid-input", mistakes: [...state.mistakes, what].slice(-MISTAKE_LIMIT) };
}

export const budgetSpent = (state: MistakeState) => state.streak >= MISTAKE_LIMIT;

/** The question a person gets when the budget is spent. */
export function mistakesQuestion(role: string, state: MistakeState): string {
  return `The ${role} agent made ${state.streak} mistakes in a row: ${numbered(state.mistakes)}. How should it continue? Your answer is passed to the agent when the task runs again.`;
}

/** The task's failure reason when no person can be asked. */
export function mistakesFailure(state: MistakeState): string {
  return `Stopped after ${state.streak} mistakes in a row: ${numbered(state.mistakes)}.`;
}

function numbered(items: string[]): string {
  return items.map((m, i) => `${i + 1}) ${oneLine(m)}`).join("; ");
}

/** The first line, cut: a mistake is summarised, its whole output stays in the timeline. */
export function oneLine(text: string, max = 160): string {
  const line = text.trim().split("\n").find((l) => l.trim()) ?? "";
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line.trim();
}
