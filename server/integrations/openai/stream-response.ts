import "server-only";
import { randomBytes } from "node:crypto";
import type { GenerateResult, StreamDelta } from "@/server/llm";
import { logger } from "@/server/observability/logger";
import { ChunkWriter } from "./stream";
import { errorResponse, toOpenAiError } from "./errors";

// A streamed completion. The HTTP status is decided by the first thing the gateway does: a refusal
// before any output (over budget, rate limited, unknown model, provider down) is an ordinary JSON
// error with its status; once the first delta arrives the answer is 200 and text/event-stream, and a
// later failure is an error chunk. A client that goes away (request aborted or stream cancelled)
// aborts the gateway call, which still records the LlmCall and settles its budget hold.

export type StartCall = (hooks: { onDelta: (d: StreamDelta) => void; abortSignal: AbortSignal }) => Promise<GenerateResult>;

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" };

export async function streamResponse(start: StartCall, opts: { model: string; includeUsage: boolean; signal: AbortSignal }): Promise<Response> {
  const writer = new ChunkWriter({ id: `chatcmpl-${randomBytes(12).toString("hex")}`, created: Math.floor(Date.now() / 1000), model: opts.model });
  const abort = new AbortController();
  const onClientGone = () => abort.abort(new DOMException("The client closed the connection.", "AbortError"));
  if (opts.signal.aborted) onClientGone();
  else opts.signal.addEventListener("abort", onClientGone, { once: true });

  const encoder = new TextEncoder();
  let pending = "";
  let sink: ReadableStreamDefaultController<Uint8Array> | null = null;
  let closed = false;
  const push = (text: string) => {
    if (!text || closed) return;
    if (!sink) pending += text;
    else {
      try {
        sink.enqueue(encoder.encode(text));
      } catch {
        closed = true; // the reader went away between cancel and here
      }
    }
  };
  const close = () => {
    if (closed) return;
    closed = true;
    opts.signal.removeEventListener("abort", onClientGone);
    try {
      sink?.close();
    } catch {
      // already closed by a cancel
    }
  };

  let firstDelta: () => void = () => {};
  const begun = new Promise<void>((resolve) => (firstDelta = resolve));
  const call = start({
    abortSignal: abort.signal,
    onDelta: (d) => {
      push(writer.delta(d));
      firstDelta();
    },
  });
  const outcome = await Promise.race([begun.then(() => "streaming" as const), call.then(() => "done" as const, () => "failed" as const)]);
  if (outcome === "failed") {
    opts.signal.removeEventListener("abort", onClientGone);
    return errorResponse(toOpenAiError(await call.catch((e: unknown) => e)));
  }

  call.then(
    (result) => {
      push(writer.finish(result, opts.includeUsage));
      close();
    },
    (err: unknown) => {
      if (!abort.signal.aborted) push(writer.fail(toOpenAiError(err)));
      else logger.info({ err: (err as Error).message }, "OpenAI-compatible stream: the client went away; the call was cancelled and recorded");
      close();
    },
  );
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      sink = controller;
      if (pending) controller.enqueue(encoder.encode(pending));
      pending = "";
      if (closed) controller.close();
    },
    cancel() {
      closed = true;
      onClientGone();
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
