// Shared by the budget race test and its child processes: the one call both sides price the same way.
import type { GenerateOptions } from "@/server/llm/gateway";

export const RACE_MODEL = "gpt-4o-mini";
export const RACE_MAX_OUTPUT = 200;
/** Calls per trial (split between the two processes) and how many the budget admits. */
export const RACE_CALLS = 50;
export const RACE_ADMITS = 20;

export type RaceMode = "ok" | "troubled";
/** What happens to one call: answered, provider error, connection dropped half way, caller cancels half way. */
export type CallFate = "ok" | "fail" | "abort" | "cancel";

export const raceCall = (scope: GenerateOptions["scope"], fate: CallFate): GenerateOptions => ({
  purpose: "agent",
  tier: "standard",
  system: "You answer in one word.",
  // The fate rides in the prompt so the loopback provider knows what to do with this call; the
  // prompt's length (so its estimated tokens) is the same for every fate.
  messages: [{ role: "user", content: `fate=${fate.padEnd(6, "_")} Say ok.` }],
  scope,
  maxOutputTokens: RACE_MAX_OUTPUT,
});

export type TrialCommand = { trial: number; orgId: string; projectId: string; fates: CallFate[]; maxJitterMs: number };
export type TrialResult = { trial: number; ok: number; refused: number; failed: number; other: string[] };
