// Test stand-in for OpenAI's real HTTP protocol: a loopback server that speaks the Chat Completions
// API (POST /v1/chat/completions), as JSON or as server-sent events, with tool calls and usage, so the
// real @ai-sdk/openai and @ai-sdk/openai-compatible clients talk to it unchanged. Shapes follow
// OpenAI's API reference and the SDK's response schemas (openaiChatResponseSchema/ChunkSchema).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the scripted model answers. Token counts are provider-neutral; each loopback maps them to its protocol. */
export type LoopbackReply =
  | {
      text?: string;
      toolCalls?: { id?: string; name: string; input: unknown }[];
      /** inputTokens counts every prompt token, cached ones included. */
      usage?: { inputTokens: number; outputTokens: number; cachedInputTokens?: number; cacheWriteTokens?: number };
      finishReason?: "stop" | "length" | "tool_calls";
    }
  | { httpError: { status: number; message?: string; headers?: Record<string, string> } };

export type LoopbackRequest = {
  index: number;
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the request body as the SDK sent it
  body: any;
};

/**
 * Answers outside the protocol, for fault tests: `hang` never answers (the connection stays open until the
 * client gives up or the loopback closes); `raw` writes the response itself (a cut stream, a garbage body).
 */
export type LoopbackControl = { hang: true } | { raw: (res: ServerResponse, req: LoopbackRequest) => void };

/** Decides each reply from the request (e.g. first call → a tool call, then text); or a list used in order. */
export type LoopbackScript =
  | ((req: LoopbackRequest) => LoopbackReply | LoopbackControl | Promise<LoopbackReply | LoopbackControl>)
  | LoopbackReply[];

export type Loopback = { url: string; requests: LoopbackRequest[]; close: () => Promise<void> };

/** Starts a loopback HTTP server; `url` is the base URL including /v1, as the SDKs expect. */
export async function startLoopback(
  route: string,
  script: LoopbackScript,
  respond: (res: ServerResponse, req: LoopbackRequest, reply: Exclude<LoopbackReply, { httpError: unknown }>) => void,
  respondError: (res: ServerResponse, status: number, message: string, headers?: Record<string, string>) => void,
  /** Answers requests other than `route` (e.g. GET /v1/models); returns true when it did. */
  extra?: (req: LoopbackRequest, res: ServerResponse) => boolean,
): Promise<Loopback> {
  const requests: LoopbackRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        let body: unknown = null;
        try {
          body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
        } catch {
          return respondError(res, 400, "The request body is not valid JSON.");
        }
        const request: LoopbackRequest = { index: requests.length, method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
        requests.push(request);
        if (extra?.(request, res)) return;
        if (req.method !== "POST" || req.url !== route) return respondError(res, 404, `No route ${req.method} ${req.url}`);
        try {
          const reply = Array.isArray(script) ? script[Math.min(request.index, script.length - 1)] : await script(request);
          if (!reply) return respondError(res, 500, "The loopback script has no reply for this request.");
          if ("hang" in reply) return;
          if ("raw" in reply) return reply.raw(res, request);
          if ("httpError" in reply) {
            const { status, message, headers } = reply.httpError;
            return respondError(res, status, message ?? "Internal server error", headers);
          }
          respond(res, request, reply);
        } catch (err) {
          respondError(res, 500, `The loopback script failed: ${(err as Error).message}`);
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export const loopbackId = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Splits a string into pieces, as a streaming model sends it: 8 characters each, but at most about 256
 * pieces (a multi-megabyte tool input would otherwise take a million events to send).
 */
export function pieces(text: string, size = Math.max(8, Math.ceil(text.length / 256))): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * `models`: what GET /v1/models lists (as "Test connection" asks); `apiKey`: when set, any request without
 * `Authorization: Bearer <apiKey>` gets OpenAI's 401, as a real endpoint does.
 */
export async function startLoopbackOpenAI(opts: { script: LoopbackScript; models?: string[]; apiKey?: string }): Promise<Loopback> {
  const respondError = (res: ServerResponse, status: number, message: string, headers?: Record<string, string>) =>
    sendJson(
      res,
      status,
      { error: { message, type: status >= 500 ? "server_error" : "invalid_request_error", param: null, code: null } },
      headers,
    );
  return startLoopback("/v1/chat/completions", opts.script, respondOpenAI, respondError, (req, res) => {
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      respondError(res, 401, "Incorrect API key provided.");
      return true;
    }
    if (req.method !== "GET" || req.path !== "/v1/models") return false;
    const data = (opts.models ?? ["loopback-model"]).map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "loopback" }));
    sendJson(res, 200, { object: "list", data });
    return true;
  });
}

function respondOpenAI(res: ServerResponse, req: LoopbackRequest, reply: Exclude<LoopbackReply, { httpError: unknown }>) {
  const id = loopbackId("chatcmpl-");
  const created = Math.floor(Date.now() / 1000);
  const model = String(req.body?.model ?? "unknown");
  const toolCalls = (reply.toolCalls ?? []).map((c) => ({
    id: c.id ?? loopbackId("call_"),
    type: "function" as const,
    function: { name: c.name, arguments: JSON.stringify(c.input) },
  }));
  const finishReason = reply.finishReason ?? (toolCalls.length ? "tool_calls" : "stop");
  const u = reply.usage ?? { inputTokens: 10, outputTokens: 5 };
  const usage = {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };

  if (!req.body?.stream) {
    return sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: reply.text ?? null, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage,
      system_fingerprint: "fp_loopback",
    });
  }

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_loopback", choices, ...extra })}\n\n`);
  const delta = (d: Record<string, unknown>, finish: string | null = null) => chunk([{ index: 0, delta: d, logprobs: null, finish_reason: finish }]);

  delta({ role: "assistant", content: "", refusal: null });
  for (const p of pieces(reply.text ?? "")) delta({ content: p });
  toolCalls.forEach((c, index) => {
    delta({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.function.name, arguments: "" } }] });
    for (const p of pieces(c.function.arguments)) delta({ tool_calls: [{ index, function: { arguments: p } }] });
  });
  delta({}, finishReason);
  if (req.body?.stream_options?.include_usage) chunk([], { usage });
  res.write("data: [DONE]\n\n");
  res.end();
}
