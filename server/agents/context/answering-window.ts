import "server-only";
import { resolveModelFor, resolveModelRef, type Tier } from "@/server/llm";
import { limitsOf } from "@/server/llm/registry";

// The window the agent's context is fitted to is that of the model that answers, not the tier's default:
// routing may move a step to another model (a project override, learned routing, a fallback), and a
// model with a smaller window than the tier's would be sent more than it can read. Before the first
// answer the override (when there is one) is the best guess; an answer from a model with a smaller
// window shrinks it. A bigger one does not grow it: routing falls back to a bigger model when the
// prompt outgrew the preferred one, and fitting to the fallback would keep the preferred model away
// for the rest of the run (and a later step may go back to it).

export type ContextWindow = { contextWindow: number; fixedTokens: number; reserveTokens: number };
type Limits = { contextWindow: number; maxOutputTokens: number };

export class AnsweringWindow {
  /** Models whose window was already taken into account. */
  private readonly seen = new Set<string>();
  current: ContextWindow;

  private constructor(
    private readonly orgId: string,
    private readonly fixedTokens: number,
    private readonly answerReserve: number,
    model: string,
    limits: Limits,
  ) {
    this.current = this.windowOf(model, limits);
  }

  /** The window before any answer: the project's override for the role when it resolves, else the tier's model. */
  static async start(opts: { orgId: string; tier: Tier; override?: string; fixedTokens: number; answerReserve: number }): Promise<AnsweringWindow> {
    const pinned = opts.override ? await resolveModelRef(opts.orgId, opts.override) : null;
    const m = pinned ?? (await resolveModelFor(opts.orgId, opts.tier));
    return new AnsweringWindow(opts.orgId, opts.fixedTokens, opts.answerReserve, `${m.provider}:${m.modelId}`, m);
  }

  /** After an answer: the window of the model that gave it (the org's catalog figure, else the price table's), when smaller. */
  async follow(answer: { provider: string; modelId: string }): Promise<void> {
    const model = `${answer.provider}:${answer.modelId}`;
    if (this.seen.has(model)) return;
    this.seen.add(model);
    const limits = (await resolveModelRef(this.orgId, model)) ?? limitsOf(answer.provider, answer.modelId);
    if (limits.contextWindow < this.current.contextWindow) this.current = this.windowOf(model, limits);
  }

  private windowOf(model: string, limits: Limits): ContextWindow {
    this.seen.add(model);
    return { contextWindow: limits.contextWindow, fixedTokens: this.fixedTokens, reserveTokens: Math.min(this.answerReserve, limits.maxOutputTokens) };
  }
}
