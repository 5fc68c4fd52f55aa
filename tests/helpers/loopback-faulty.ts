// Test stand-in for an unreliable model provider (loopback): the offline-model-backed OpenAI loopback
// (loopback-offline.ts) behind fault injection. Each chat completion request draws from a seeded RNG
// (the same seed gives the same sequence of outcomes): by default 30 % answer 429 with Retry-After,
// 10 % answer 500, 5 % hang (no answer until the client gives up), the rest are answered by the
// offline model. Every outcome is counted and logged, so tests can bound attempts and check the gateway's
// records against what the provider really did.
import { createHash } from "node:crypto";
import type { Loopback, LoopbackControl, LoopbackReply, LoopbackRequest } from "./loopback-openai";
import { startLoopbackOpenAI } from "./loopback-openai";
import { offlineScript, purposeOf } from "./loopback-offline";

export type FaultOutcome = "ok" | "rate-limited" | "server-error" | "hang";
export type FaultRates = { rateLimited: number; serverError: number; hang: number };

export const DEFAULT_FAULT_RATES: FaultRates = { rateLimited: 0.3, serverError: 0.1, hang: 0.05 };

export type FaultRecord = {
  index: number;
  outcome: FaultOutcome;
  /** The request's purpose from its system prompt's tag line ("intake", "plan", "agent", "chat"). */
  purpose: string;
  model: string;
  /** Hash of the request without its model: the same logical call retried (or sent to a fallback) has the same one. */
  callHash: string;
  /** Milliseconds since the loopback started. */
  at: number;
};

export type FaultyLoopback = Loopback & {
  counts: Record<FaultOutcome, number>;
  log: FaultRecord[];
  /** Changes the fault rates from now on (e.g. every request a 500 for a burst, then back). */
  setRates(rates: Partial<FaultRates>): void;
  /** Outcomes for the next requests, in order, before the seeded draws take over again. */
  script(outcomes: FaultOutcome[]): void;
  /** Requests per logical call (by callHash), for bounding attempts. */
  attemptsPerCall(): Map<string, number>;
};

/** mulberry32: a tiny deterministic PRNG, so a seed replays the same faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function callHash(req: LoopbackRequest): string {
  const { model: _model, ...rest } = (req.body ?? {}) as Record<string, unknown>;
  return createHash("sha256").update(JSON.stringify(rest)).digest("hex").slice(0, 16);
}

export async function startLoopbackFaulty(
  opts: {
    seed?: number;
    rates?: Partial<FaultRates>;
    /** Outcomes of the first requests, in order, before the seeded draws take over (for exact scenarios). */
    sequence?: FaultOutcome[];
    /** The Retry-After header of a 429, in seconds (small keeps tests fast). */
    retryAfterSeconds?: number;
    /** Who answers the requests that are not faulted (default: the offline model). */
    answer?: (req: LoopbackRequest) => Promise<Exclude<LoopbackReply, { httpError: unknown }>>;
    models?: string[];
  } = {},
): Promise<FaultyLoopback> {
  const random = seededRandom(opts.seed ?? 8);
  let rates: FaultRates = { ...DEFAULT_FAULT_RATES, ...opts.rates };
  const counts: Record<FaultOutcome, number> = { ok: 0, "rate-limited": 0, "server-error": 0, hang: 0 };
  const log: FaultRecord[] = [];
  const answer = opts.answer ?? offlineScript;
  const started = Date.now();

  const scripted = [...(opts.sequence ?? [])];
  const decide = (): FaultOutcome => {
    const next = scripted.shift();
    if (next) return next;
    const r = random();
    if (r < rates.rateLimited) return "rate-limited";
    if (r < rates.rateLimited + rates.serverError) return "server-error";
    if (r < rates.rateLimited + rates.serverError + rates.hang) return "hang";
    return "ok";
  };

  const loopback = await startLoopbackOpenAI({
    models: opts.models,
    script: async (req): Promise<LoopbackReply | LoopbackControl> => {
      const outcome = decide();
      counts[outcome]++;
      log.push({ index: req.index, outcome, purpose: purposeOf(req), model: String(req.body?.model ?? ""), callHash: callHash(req), at: Date.now() - started });
      switch (outcome) {
        case "rate-limited":
          return {
            httpError: {
              status: 429,
              message: "Rate limit reached for requests (loopback fault injection).",
              headers: { "retry-after": String(opts.retryAfterSeconds ?? 0) },
            },
          };
        case "server-error":
          return { httpError: { status: 500, message: "The server had an error while processing your request (loopback fault injection)." } };
        case "hang":
          return { hang: true };
        case "ok":
          return answer(req);
      }
    },
  });

  return {
    ...loopback,
    counts,
    log,
    setRates: (r) => {
      rates = { ...rates, ...r };
    },
    script: (outcomes) => {
      scripted.push(...outcomes);
    },
    attemptsPerCall: () => {
      const m = new Map<string, number>();
      for (const r of log) m.set(r.callHash, (m.get(r.callHash) ?? 0) + 1);
      return m;
    },
  };
}
