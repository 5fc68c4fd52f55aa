import "server-only";
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import { agentStep } from "./agent";
import type { Answer } from "./agent/script";
import { chatReply, decideIntake } from "./intake";
import { planFor } from "./planner";
import { promptSize, readCall, type ReadCall } from "./prompt";
import { hash } from "./text";

export const OFFLINE_PROVIDER = "offline";
export const OFFLINE_MODEL_ID = "aios-offline-1";

export type OfflineModelOptions = {
  /** Pause before answering (spread over the stream's parts when streaming), for demos. Default 0. */
  delayMs?: number;
};

/** What the model says to a call: one answer per purpose, decided by the tag line of the system prompt. */
export function answer(c: ReadCall): Answer {
  // The agent loop condensing a long run (server/agents/context): the steps' own lines, in order.
  if (c.tag.attrs.purpose === "summarise") return { text: summaryOf(c.messages.filter((m) => m.role === "user").at(-1)?.text ?? "") };
  switch (c.tag.purpose) {
    case "intake":
      return { text: JSON.stringify(decideIntake(c.system, c.messages)) };
    case "plan": {
      const request = c.messages.filter((m) => m.role === "user").at(-1)?.text ?? "";
      return { text: JSON.stringify(planFor(request)) };
    }
    case "agent":
      return agentStep(c);
    case "chat":
      return { text: chatReply(c.messages) };
  }
}

/** A summary of an agent transcript: its "Step N, …" lines (first line each), at most 40. */
function summaryOf(transcript: string): string {
  const steps = transcript.split("\n").filter((l) => /^Step \d+, /.test(l)).map((l) => (l.length > 160 ? `${l.slice(0, 159)}…` : l));
  return steps.length ? steps.slice(-40).join("\n") : "Earlier steps: nothing to report.";
}

const tokens = (chars: number) => Math.max(1, Math.ceil(chars / 4));

function usageOf(options: LanguageModelV3CallOptions, a: Answer): LanguageModelV3Usage {
  const input = tokens(promptSize(options));
  const output = tokens((a.text?.length ?? 0) + (a.toolCall ? a.toolCall.toolName.length + JSON.stringify(a.toolCall.input).length : 0));
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

function content(a: Answer, id: string): LanguageModelV3Content[] {
  const out: LanguageModelV3Content[] = [];
  if (a.text) out.push({ type: "text", text: a.text });
  if (a.toolCall) out.push({ type: "tool-call", toolCallId: `call_${id}`, toolName: a.toolCall.toolName, input: JSON.stringify(a.toolCall.input) });
  return out;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(abortError()) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(abortError());
      },
      { once: true },
    );
  });
}

const abortError = () => new DOMException("The offline model call was aborted.", "AbortError");

/** Text deltas of roughly `size` characters, cut at spaces so the stream reads naturally. */
function chunks(text: string, size = 24): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const cut = rest.lastIndexOf(" ", size) > 0 ? rest.lastIndexOf(" ", size) + 1 : size;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

function respond(options: LanguageModelV3CallOptions) {
  const c = readCall(options);
  const a = answer(c);
  // Same prompt, same ids: the model is deterministic down to its tool-call ids.
  const id = hash(JSON.stringify(options.prompt) + JSON.stringify(options.tools?.map((t) => t.name) ?? []));
  return { a, id, usage: usageOf(options, a), finishReason: a.toolCall ? ("tool-calls" as const) : ("stop" as const) };
}

/**
 * Set on a model whose whole answer is there at once (the offline model at full speed): streaming it
 * would show nothing live and only cost the SDK's stream machinery, so call-model asks it one-shot.
 */
export type AnswersInstantly = { readonly answersInstantly?: boolean };

/** A real AI SDK language model (specification v3) that needs no network. */
export function createOfflineModel(options: OfflineModelOptions = {}): LanguageModelV3 & AnswersInstantly {
  const delayMs = Math.max(0, options.delayMs ?? 0);
  return {
    answersInstantly: delayMs === 0,
    specificationVersion: "v3",
    provider: OFFLINE_PROVIDER,
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},

    async doGenerate(call): Promise<LanguageModelV3GenerateResult> {
      const { a, id, usage, finishReason } = respond(call);
      await sleep(delayMs, call.abortSignal);
      return {
        content: content(a, id),
        finishReason: { unified: finishReason, raw: finishReason === "tool-calls" ? "tool_calls" : "stop" },
        usage,
        response: { id: `offline-${id}`, modelId: OFFLINE_MODEL_ID, timestamp: new Date() },
        warnings: [],
      };
    },

    async doStream(call) {
      const { a, id, usage, finishReason } = respond(call);
      const parts: LanguageModelV3StreamPart[] = [
        { type: "stream-start", warnings: [] },
        { type: "response-metadata", id: `offline-${id}`, modelId: OFFLINE_MODEL_ID, timestamp: new Date() },
      ];
      if (a.text) {
        parts.push({ type: "text-start", id: "text-0" });
        for (const delta of chunks(a.text)) parts.push({ type: "text-delta", id: "text-0", delta });
        parts.push({ type: "text-end", id: "text-0" });
      }
      if (a.toolCall) {
        const input = JSON.stringify(a.toolCall.input);
        const callId = `call_${id}`;
        parts.push({ type: "tool-input-start", id: callId, toolName: a.toolCall.toolName });
        // Small pieces, so a slowed-down demo shows the input being written (a file growing in the timeline).
        for (const delta of chunks(input, 40)) parts.push({ type: "tool-input-delta", id: callId, delta });
        parts.push({ type: "tool-input-end", id: callId });
        parts.push({ type: "tool-call", toolCallId: callId, toolName: a.toolCall.toolName, input });
      }
      parts.push({ type: "finish", usage, finishReason: { unified: finishReason, raw: finishReason === "tool-calls" ? "tool_calls" : "stop" } });
      const pause = delayMs / parts.length;
      const signal = call.abortSignal;
      let i = 0;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async pull(controller) {
          if (i >= parts.length) return controller.close();
          try {
            await sleep(pause, signal);
          } catch (err) {
            return controller.error(err);
          }
          controller.enqueue(parts[i++]!);
          if (i >= parts.length) controller.close();
        },
      });
      return { stream };
    },
  };
}
