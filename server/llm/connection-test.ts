import "server-only";
import type { ProviderKind, TestResult } from "@/server/governance/catalog";

// "Test connection" in Admin → Models: GET <base URL>/models with the key, a short timeout and a
// verdict a person can act on. Not a model call (nothing is generated or billed), so it does not go
// through the gateway's generate; it lives here because only server/llm talks to providers.

export type ConnectionTarget = { kind: ProviderKind; baseUrl: string; apiKey: string | null };

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const MAX_IDS = 200;

const API_NAME: Record<ProviderKind, string> = {
  openai: "an OpenAI-compatible server",
  compatible: "an OpenAI-compatible server",
  anthropic: "the Anthropic API",
};

export async function testConnection(target: ConnectionTarget, opts: { timeoutMs?: number } = {}): Promise<TestResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const result = await probe(target, timeoutMs);
  // Defence in depth: whatever went wrong, the key never rides along in the verdict.
  return target.apiKey ? { ...result, message: result.message.replaceAll(target.apiKey, "[key]") } : result;
}

async function probe(target: ConnectionTarget, timeoutMs: number): Promise<TestResult> {
  const url = `${target.baseUrl}/models${target.kind === "anthropic" ? "?limit=1000" : ""}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (target.kind === "anthropic") {
    headers["anthropic-version"] = "2023-06-01";
    if (target.apiKey) headers["x-api-key"] = target.apiKey;
  } else if (target.apiKey) {
    headers.authorization = `Bearer ${target.apiKey}`;
  }
  const fail = (message: string): TestResult => ({ ok: false, message, modelIds: [] });
  let res: Response;
  try {
    // No redirects: a key is sent only to the address the admin typed.
    res = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    return fail(unreachable(err, target.baseUrl, timeoutMs));
  }
  const not = `Not ${API_NAME[target.kind]}`;
  if (res.status >= 300 && res.status < 400) return fail(`${not}: GET ${url} redirects elsewhere (${res.status}); use the final address as the base URL.`);
  if (res.status === 401 || res.status === 403) {
    return fail(target.apiKey ? `The key was refused (${res.status}).` : `The server asks for an API key (${res.status}).`);
  }
  if (res.status === 404) return fail(`${not}: GET ${url} answered 404 (is the base URL missing /v1?).`);
  if (res.status === 429) return fail("The key was accepted but is rate-limited right now (429); try again shortly.");
  if (res.status >= 500) return fail(`The server failed (${res.status}); try again later.`);
  if (res.status !== 200) return fail(`${not}: GET ${url} answered ${res.status}.`);
  let body: unknown;
  try {
    const text = await readLimited(res, MAX_BODY_BYTES, timeoutMs);
    body = JSON.parse(text);
  } catch (err) {
    if ((err as Error).name === "TimeoutError") return fail(`Timed out after ${timeoutMs / 1000} s.`);
    return fail(`${not}: GET ${url} did not answer with JSON.`);
  }
  const data = (body as { data?: unknown })?.data;
  if (!Array.isArray(data) || data.some((m) => typeof (m as { id?: unknown })?.id !== "string")) {
    return fail(`${not}: GET ${url} did not return a model list.`);
  }
  const ids = data.map((m) => (m as { id: string }).id.slice(0, 200));
  return { ok: true, message: `Connected: ${ids.length} ${ids.length === 1 ? "model" : "models"}`, modelIds: ids.slice(0, MAX_IDS) };
}

async function readLimited(res: Response, max: number, timeoutMs: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (Date.now() > deadline) throw Object.assign(new Error("timeout"), { name: "TimeoutError" });
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error("too large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function unreachable(err: unknown, baseUrl: string, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `Timed out after ${timeoutMs / 1000} s.`;
  const code = e.cause?.code ?? (e as { code?: string }).code;
  const why =
    code === "ECONNREFUSED"
      ? "connection refused"
      : code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "host not found"
        : code === "ECONNRESET"
          ? "the connection was reset"
          : code === "EHOSTUNREACH" || code === "ENETUNREACH"
            ? "no route to the host"
            : code && /CERT|SSL|TLS/.test(code)
              ? `its TLS certificate was not accepted (${code})`
              : (code ?? e.cause?.message?.slice(0, 120) ?? "the request failed");
  return `Could not reach ${baseUrl}: ${why}`;
}
