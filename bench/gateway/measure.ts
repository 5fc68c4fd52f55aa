// The gateway benchmark's loops. Both paths are plain HTTP POSTs of the same Chat Completions body from
// one keep-alive client: "direct" to the loopback upstream, "gateway" to /api/v1/chat/completions,
// which authenticates the key, routes, holds on the budget, calls that same upstream through the AI
// SDK, records the LlmCall with its usage rollup and settles. Added latency = gateway − direct.
import { percentile } from "../lib/stats";
import { UPSTREAM_KEY, UPSTREAM_MODEL, type GatewayFixture } from "./fixture";

export type Dist = { n: number; p50: number; p99: number; mean: number };

export function dist(samples: readonly number[]): Dist {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1) };
}

type Caller = () => Promise<void>;

function poster(url: string, authorization: string, body: unknown): Caller {
  const text = JSON.stringify(body);
  return async () => {
    const res = await fetch(url, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: text });
    const answer = (await res.json()) as { choices?: { message?: { content?: string } }[]; error?: { message: string } };
    if (res.status !== 200 || !answer.choices?.[0]?.message?.content) throw new Error(`bench: ${url} answered ${res.status}: ${answer.error?.message ?? JSON.stringify(answer).slice(0, 200)}`);
  };
}

const messages = [{ role: "user", content: "Say hello." }];

export function callers(f: GatewayFixture) {
  return {
    direct: poster(`${f.upstream.url}/chat/completions`, `Bearer ${UPSTREAM_KEY}`, { model: UPSTREAM_MODEL, messages }),
    gateway: poster(`${f.v1.url}/api/v1/chat/completions`, f.bearer, { model: "aios/fast", messages }),
    // temperature 0: deterministic, so after the first call every one is a response-cache hit.
    cached: poster(`${f.v1.url}/api/v1/chat/completions`, f.bearer, { model: "aios/fast", messages, temperature: 0 }),
  };
}

/**
 * The same call's parts on their own, in process (no HTTP): resolving the key (principal and
 * models:invoke) and one generate() of the same request (routing, hold, upstream call, record, settle).
 */
export async function partCallers(f: GatewayFixture) {
  const { authenticate } = await import("@/server/integrations/openai/authenticate");
  const { generate } = await import("@/server/llm");
  const headers = new Headers({ authorization: f.bearer, "x-aios-client-ip": "127.0.0.1" });
  const scope = { orgId: f.orgId, apiKeyId: f.apiKeyId };
  return {
    auth: async () => void (await authenticate(headers)),
    generate: async () => void (await generate({ purpose: "chat", tier: "fast", system: "", messages: [{ role: "user", content: "Say hello." }], scope })),
  };
}

/** Each variant once per round, in turn (background drift hits all alike); samples in ms. */
export async function interleaved(variants: Record<string, Caller>, o: { warmup: number; iterations: number; maxSeconds: number }): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((n) => [n, []]));
  const deadline = performance.now() + o.maxSeconds * 1000;
  for (let i = 0; i < o.warmup + o.iterations && performance.now() < deadline; i++) {
    for (const [name, call] of Object.entries(variants)) {
      const t = performance.now();
      await call();
      if (i >= o.warmup) out[name]!.push(performance.now() - t);
    }
  }
  return out;
}

export type RateStep = { rate: number; sent: number; ok: number; failed: number; achieved: number; p50: number; p99: number; addedP99: number; pass: boolean };

/**
 * Open loop at `rate` requests per second for `seconds`: requests start on schedule whether or not
 * earlier ones finished (as independent clients would send them). Passes when every request succeeded,
 * the rate was kept, and p99 − the direct path's p99 at concurrency 1 stays under `limitMs`.
 */
export async function openLoop(call: Caller, rate: number, seconds: number, directP99: number, limitMs: number): Promise<RateStep> {
  const total = Math.max(1, Math.round(rate * seconds));
  const started = performance.now();
  const latencies: number[] = [];
  let failed = 0;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    inflight.push(
      call().then(
        () => void latencies.push(performance.now() - t),
        () => void failed++,
      ),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  const d = dist(latencies);
  const achieved = latencies.length / elapsed;
  const addedP99 = d.p99 - directP99;
  return { rate, sent: total, ok: latencies.length, failed, achieved, p50: d.p50, p99: d.p99, addedP99, pass: failed === 0 && achieved >= rate * 0.9 && addedP99 < limitMs };
}
