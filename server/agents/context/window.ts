import "server-only";
import type { ModelMessage } from "ai";
import { outputLimitFor } from "./clip-output";
import { turnMessages, type Turn } from "./turns";

// What the model sees of a long run, sized to its context window. In order: long outputs keep head and
// tail (always); when the prompt passes MASK_AT of the window, observations older than the last few
// steps are masked ("[output of read_file a.ts elided — 12 KB]"); when it still passes CONDENSE_AT,
// the older steps are replaced by a summary. The system prompt and the task brief never change, and
// the boundaries only move forward, so the prompt's prefix stays stable between moves (provider caches).

export const MASK_AT = 0.6;
export const CONDENSE_AT = 0.85;
/** Steps whose observations are never masked or condensed: what the model is working on now. */
export const KEEP_RECENT = 3;

/** Persisted with the "agent.context" event, so a resumed run rebuilds the same view. */
export type ContextState = { maskedThrough: number; summary?: { text: string; throughStep: number } };

export const freshContext = (): ContextState => ({ maskedThrough: 0 });

/** Tokens as this module counts them everywhere: about four characters of the serialised prompt each. */
export const estimateTokens = (value: unknown) => Math.ceil((typeof value === "string" ? value.length : (JSON.stringify(value) ?? "").length) / 4);

export type WindowInput = {
  brief: string;
  turns: Turn[];
  contextWindow: number;
  /** System prompt and tool schemas: sent with every call, never shortened. */
  fixedTokens: number;
  /** Kept free for the answer. */
  reserveTokens: number;
  state: ContextState;
};

export type WindowPlan = {
  messages: ModelMessage[];
  tokens: number;
  /** The prompt before this step's masking (with the state it started from). */
  tokensBefore: number;
  state: ContextState;
  /** Observations masked by this plan (0 when the boundary did not move). */
  masked: number;
  /** Set when masking is not enough: summarise the steps up to this one, then plan again. */
  condenseThrough?: number;
};

export const summaryMessage = (text: string): ModelMessage => ({
  role: "user",
  content: `Summary of the earlier steps of this task (condensed to fit the model's context window; the full record is in the task timeline):\n${text}`,
});

// A finished step's messages and their size, per view: each step is built and measured once per run,
// not on every later step (the platform's own time per step stays flat as the history grows). The key
// holds the step's sizes too, so a step still being filled in is never served stale.
const built = new WeakMap<Turn, Map<string, { messages: ModelMessage[]; tokens: number }>>();
function turnView(t: Turn, mask: boolean, outputChars: number) {
  const key = `${mask}:${outputChars}:${t.calls.length}:${t.notes.length}:${t.text.length}`;
  let views = built.get(t);
  if (!views) built.set(t, (views = new Map()));
  let v = views.get(key);
  if (!v) {
    const messages = turnMessages(t, { mask, outputChars });
    v = { messages, tokens: messages.reduce((n, m) => n + estimateTokens(m), 0) };
    views.set(key, v);
  }
  return v;
}

/** The messages for a step, and their size (the sum of their parts' estimates). */
export function buildView(brief: string, turns: Turn[], state: ContextState, outputChars: number): { messages: ModelMessage[]; tokens: number } {
  const after = state.summary ? turns.filter((t) => t.step > state.summary!.throughStep) : turns;
  const head: ModelMessage[] = [{ role: "user", content: brief }, ...(state.summary ? [summaryMessage(state.summary.text)] : [])];
  const messages = [...head];
  let tokens = head.reduce((n, m) => n + estimateTokens(m), 0);
  for (const t of after) {
    const v = turnView(t, t.step <= state.maskedThrough, outputChars);
    messages.push(...v.messages);
    tokens += v.tokens;
  }
  return { messages, tokens };
}

export function buildMessages(brief: string, turns: Turn[], state: ContextState, outputChars: number): ModelMessage[] {
  return buildView(brief, turns, state, outputChars).messages;
}

const observationsThrough = (turns: Turn[], from: number, to: number) => turns.filter((t) => t.step > from && t.step <= to).reduce((n, t) => n + t.calls.length, 0);

export function planWindow(input: WindowInput): WindowPlan {
  const { brief, turns, contextWindow, fixedTokens, reserveTokens } = input;
  const outputChars = outputLimitFor(contextWindow);
  const limit = Math.max(1, contextWindow - reserveTokens);
  let state = input.state;
  let view = buildView(brief, turns, state, outputChars);
  const tokensBefore = fixedTokens + view.tokens;
  let tokens = tokensBefore;
  let masked = 0;
  const lastStep = turns.at(-1)?.step ?? 0;
  const keepFrom = lastStep - KEEP_RECENT;
  if (tokens > MASK_AT * limit && keepFrom > state.maskedThrough) {
    masked = observationsThrough(turns, Math.max(state.maskedThrough, state.summary?.throughStep ?? 0), keepFrom);
    state = { ...state, maskedThrough: keepFrom };
    view = buildView(brief, turns, state, outputChars);
    tokens = fixedTokens + view.tokens;
  }
  const summarised = state.summary?.throughStep ?? 0;
  const condenseThrough = tokens > CONDENSE_AT * limit && keepFrom > summarised ? keepFrom : undefined;
  // Nothing left to condense and still too long (the last steps are huge): mask all but the latest step.
  if (condenseThrough === undefined && tokens > limit && lastStep - 1 > state.maskedThrough) {
    masked += observationsThrough(turns, Math.max(state.maskedThrough, summarised), lastStep - 1);
    state = { ...state, maskedThrough: lastStep - 1 };
    view = buildView(brief, turns, state, outputChars);
    tokens = fixedTokens + view.tokens;
  }
  return { messages: view.messages, tokens, tokensBefore, state, masked, ...(condenseThrough !== undefined ? { condenseThrough } : {}) };
}
