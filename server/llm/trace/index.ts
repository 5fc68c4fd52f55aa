import "server-only";

// The model trace: the prompt as sent and the answer of every LlmCall, secrets masked (mask.ts), big parts
// capped (build-trace.ts); written by the record step in the LlmCall's transaction, read for people here.

export { buildTrace, MAX_ANSWER_CHARS, MAX_PROMPT_CHARS, MAX_STRING_CHARS, type Trace, type TraceInput } from "./build-trace";
export { maskText, MASK } from "./mask";
export { readCallTrace, type CallTrace } from "./read-trace";
export { traceRow } from "./trace-row";
