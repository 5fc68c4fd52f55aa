import "server-only";
import type { GenerateResult, StreamDelta } from "@/server/llm";
import { contentOf, finishReasonOf, toolCallsOf, usageOf, type CompletionMeta } from "./completion";
import { openAiErrorBody } from "./error-body";
import type { OpenAiError } from "./errors";

// Gateway deltas → chat.completion.chunk server-sent events, in OpenAI's order: a first chunk with the
// role, content and tool-call pieces as they come, a last chunk with finish_reason, then (when
// stream_options.include_usage) a chunk with no choices and the usage, then `data: [DONE]`. Whatever the
// deltas did not carry (a provider that answered in one piece, a cache hit) is sent from the final
// result, so the client always ends with the whole answer.

export class ChunkWriter {
  private started = false;
  private text = "";
  private readonly toolIndex = new Map<string, number>();

  constructor(private readonly meta: CompletionMeta) {}

  private chunk(delta: Record<string, unknown>, finish: string | null = null): string {
    const first = this.started ? {} : { role: "assistant" };
    this.started = true;
    return frame({ ...this.base(), choices: [{ index: 0, delta: { ...first, ...delta }, logprobs: null, finish_reason: finish }] });
  }

  private base() {
    return { id: this.meta.id, object: "chat.completion.chunk", created: this.meta.created, model: this.meta.model };
  }

  /** The frames for one gateway delta ("reset" comes before anything reached the client: nothing to undo). */
  delta(d: StreamDelta): string {
    switch (d.type) {
      case "text":
        if (!d.text) return "";
        this.text += d.text;
        return this.chunk({ content: d.text });
      case "tool-input-start": {
        const index = this.toolIndex.size;
        this.toolIndex.set(d.toolCallId, index);
        return this.chunk({ tool_calls: [{ index, id: d.toolCallId, type: "function", function: { name: d.toolName, arguments: "" } }] });
      }
      case "tool-input": {
        const index = this.toolIndex.get(d.toolCallId);
        return index === undefined || !d.delta ? "" : this.chunk({ tool_calls: [{ index, function: { arguments: d.delta } }] });
      }
      default:
        return "";
    }
  }

  /** The rest of the answer, the finish chunk, the usage chunk if asked, and [DONE]. */
  finish(r: GenerateResult, includeUsage: boolean): string {
    let out = "";
    const content = contentOf(r);
    if (!this.text && content) out += this.chunk({ content });
    else if (content.startsWith(this.text) && content.length > this.text.length) out += this.chunk({ content: content.slice(this.text.length) });
    toolCallsOf(r).forEach((call) => {
      if (this.toolIndex.has(call.id)) return;
      const index = this.toolIndex.size;
      this.toolIndex.set(call.id, index);
      out += this.chunk({ tool_calls: [{ index, id: call.id, type: "function", function: call.function }] });
    });
    out += this.chunk({}, finishReasonOf(r));
    if (includeUsage) out += frame({ ...this.base(), choices: [], usage: usageOf(r) });
    return out + DONE;
  }

  /** A failure after the stream began: OpenAI clients raise the `error` of a chunk as an APIError. */
  fail(err: OpenAiError): string {
    return frame(openAiErrorBody(err.status, err.message, err.more)) + DONE;
  }
}

const frame = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
const DONE = "data: [DONE]\n\n";
