import "server-only";
import type { ModelMessage, Schema } from "ai";
import type { z } from "zod";
import type { Tier } from "./config";
import type { Purpose, RoutingDecision, RoutingInput } from "./routing/types";

// The gateway's public shapes (re-exported by gateway.ts and index.ts). Contract: /work/notes/contracts/gateway.md.

export type { Purpose, RoutingDecision, RoutingInput } from "./routing/types";

export type LlmScope = {
  orgId: string;
  projectId?: string | null;
  taskId?: string | null;
  runId?: string | null;
  userId?: string | null;
  /** The API key the call is made for (a person's key, or the key that created the project). */
  apiKeyId?: string | null;
  /** The agent role making the call (agent runs). */
  agentRole?: string | null;
};

/** A zod schema, or an AI SDK Schema (`jsonSchema()` of "ai") for raw JSON-schema tools from the endpoint. */
export type AnySchema<T = unknown> = z.ZodType<T> | Schema<T>;

/** A tool the model may call. No `execute`: the gateway runs one model step and callers run tools. */
export type ToolSpec = { description: string; inputSchema: AnySchema };

/**
 * A piece of a streamed answer. "reset": an attempt failed before finishing and another one starts —
 * discard partial text (sent only while no delta of the failed attempt reached the caller).
 */
export type StreamDelta =
  | { type: "text"; text: string }
  | { type: "tool-input-start"; toolCallId: string; toolName: string }
  | { type: "tool-input"; toolCallId: string; delta: string }
  | { type: "reset" };

export type GenerateOptions<OUT = unknown> = {
  purpose: Purpose;
  /** The caller's tier: routing's starting point (complexity may move it, every move is explained). */
  tier: Tier;
  system: string;
  messages: ModelMessage[];
  tools?: Record<string, ToolSpec>;
  /** Structured output: the answer is parsed and validated against this schema into `object`. */
  output?: AnySchema<OUT>;
  scope: LlmScope;
  abortSignal?: AbortSignal;
  maxOutputTokens?: number;
  /** An explicit model instead of tier routing: the org's catalog entry id, or "provider:modelId". */
  model?: string;
  /** Inputs to routing the caller knows (task kind, earlier failures, the project's override). */
  routing?: RoutingInput;
  temperature?: number;
  /** false: never answer this call from the response cache. */
  cache?: boolean;
  /** Force a tool call ("required", or one named tool); the AI SDK refuses an answer that does not comply. */
  toolChoice?: "auto" | "none" | "required" | { type: "tool"; toolName: string };
  /** The model stops before writing any of these. */
  stopSequences?: string[];
  /** Sampling seed, for providers that honour one. */
  seed?: number;
  /** Streaming: called per delta; after the first delta of an attempt, the call is never retried. */
  onDelta?: (d: StreamDelta) => void;
};

export type ToolCallRequest = {
  toolCallId: string;
  toolName: string;
  input: unknown;
  /** Set when the model named an unknown tool or sent input that fails its schema. */
  invalid?: true;
  error?: string;
};

export type GenerateResult<OUT = unknown> = {
  text: string;
  toolCalls: ToolCallRequest[];
  /** The parsed structured output; undefined when `output` was not given or the step ended in tool calls. */
  object?: OUT;
  finishReason: string;
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number };
  costUsd: number;
  llmCallId: string;
  latencyMs: number;
  provider: string;
  modelId: string;
  /** Set when a "degrade" budget moved the call to a cheaper tier than asked for. */
  degradedFrom?: Tier;
  /**
   * The assistant message of this step (text and tool-call parts), followed by a tool message with an
   * error result for every invalid tool call. Append these to `messages`, then your tool results.
   */
  responseMessages: ModelMessage[];
  /** Why this model: tier, complexity, candidates and every attempt. */
  routing: RoutingDecision;
  /** Answered from the exact-match response cache (cost 0). */
  cacheHit: boolean;
};
