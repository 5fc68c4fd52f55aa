import "server-only";
import { callLabel } from "./call-label";
import { budgetSpent, countMistake, mistakesFailure, mistakesQuestion, noMistakes, oneLine, type ActionKind, type MistakeState } from "./mistakes";
import { notStuck, observeAction, type StuckState } from "./stuck";

// One place the runner asks after every action: carry on, warn the model, ask a person, or stop.

export type WatchVerdict =
  | { kind: "ok" }
  | { kind: "warn"; message: string }
  | { kind: "stop"; reason: "stuck"; message: string }
  | { kind: "stop"; reason: "mistakes"; question: string; failure: string };

export class Watchdog {
  private mistakes: MistakeState = noMistakes();
  private stuck: StuckState = notStuck();

  constructor(private readonly role: string) {}

  /** A step replayed from events (a resumed run): the stuck detector remembers it, without verdicts. */
  remember(action: { tool: string; input: unknown; ok: boolean; output: string }): void {
    this.stuck = observeAction(this.stuck, action).state;
  }

  /** `summary`: the mistake in a few words when it is one the call itself shows (an unknown tool, invalid input). */
  observe(action: { tool: string; input: unknown; ok: boolean; output: string; kind: ActionKind; summary?: string }): WatchVerdict {
    this.mistakes = countMistake(this.mistakes, action.kind, action.summary ?? `${callLabel(action.tool, action.input)} failed: ${oneLine(action.output)}`);
    if (budgetSpent(this.mistakes)) {
      return { kind: "stop", reason: "mistakes", question: mistakesQuestion(this.role, this.mistakes), failure: mistakesFailure(this.mistakes) };
    }
    const { state, verdict } = observeAction(this.stuck, action);
    this.stuck = state;
    if (verdict.kind === "stop") return { kind: "stop", reason: "stuck", message: verdict.message };
    if (verdict.kind === "warn") return { kind: "warn", message: verdict.message };
    return { kind: "ok" };
  }
}
