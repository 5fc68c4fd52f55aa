// Test stand-in for Anthropic's real HTTP protocol: a loopback server that speaks the Messages API
// (POST /v1/messages), as JSON or as server-sent events (message_start, content_block_start,
// content_block_delta with text_delta / input_json_delta, content_block_stop, message_delta with
// usage, message_stop), with tool_use blocks, so the real @ai-sdk/anthropic client talks to it
// unchanged. Shapes follow Anthropic's API reference and the SDK's anthropicMessages*Schema.
import type { ServerResponse } from "node:http";
import {
  loopbackId,
  pieces,
  sendJson,
  startLoopback,
  type Loopback,
  type LoopbackReply,
  type LoopbackRequest,
  type LoopbackScript,
} from "./loopback-openai";

export type { Loopback, LoopbackReply, LoopbackRequest, LoopbackScript } from "./loopback-openai";

const STOP_REASON = { stop: "end_turn", length: "max_tokens", tool_calls: "tool_use" } as const;

const ERROR_TYPE: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  429: "rate_limit_error",
  529: "overloaded_error",
};

export async function startLoopbackAnthropic(opts: { script: LoopbackScript }): Promise<Loopback> {
  return startLoopback("/v1/messages", opts.script, respondAnthropic, (res, status, message, headers) =>
    sendJson(res, status, { type: "error", error: { type: ERROR_TYPE[status] ?? "api_error", message } }, headers),
  );
}

function respondAnthropic(res: ServerResponse, req: LoopbackRequest, reply: Exclude<LoopbackReply, { httpError: unknown }>) {
  const id = loopbackId("msg_");
  const model = String(req.body?.model ?? "unknown");
  const blocks: ({ type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: unknown })[] = [];
  if (reply.text) blocks.push({ type: "text", text: reply.text });
  for (const c of reply.toolCalls ?? []) blocks.push({ type: "tool_use", id: c.id ?? loopbackId("toolu_"), name: c.name, input: c.input });
  const stopReason = STOP_REASON[reply.finishReason ?? ((reply.toolCalls ?? []).length ? "tool_calls" : "stop")];
  const u = reply.usage ?? { inputTokens: 10, outputTokens: 5 };
  // Anthropic's input_tokens excludes cache reads and writes; they are reported beside it.
  const cached = u.cachedInputTokens ?? 0;
  const written = u.cacheWriteTokens ?? 0; // Anthropic only: tokens written to the prompt cache
  const inputUsage = { input_tokens: u.inputTokens - cached - written, cache_creation_input_tokens: written, cache_read_input_tokens: cached };

  if (!req.body?.stream) {
    return sendJson(res, 200, {
      id,
      type: "message",
      role: "assistant",
      model,
      content: blocks,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { ...inputUsage, output_tokens: u.outputTokens, service_tier: "standard" },
    });
  }

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const send = (data: { type: string } & Record<string, unknown>) => res.write(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
  send({
    type: "message_start",
    message: {
      id,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...inputUsage, output_tokens: 1 },
    },
  });
  blocks.forEach((block, index) => {
    if (block.type === "text") {
      send({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
      if (index === 0) send({ type: "ping" });
      for (const p of pieces(block.text)) send({ type: "content_block_delta", index, delta: { type: "text_delta", text: p } });
    } else {
      send({ type: "content_block_start", index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } });
      for (const p of pieces(JSON.stringify(block.input))) {
        send({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: p } });
      }
    }
    send({ type: "content_block_stop", index });
  });
  send({ type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: u.outputTokens } });
  send({ type: "message_stop" });
  res.end();
}
