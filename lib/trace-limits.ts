// How much of a model call the trace keeps (server/llm/trace), shared so the viewer can state the limits.

/** One string (a message, a file the agent read) is stored up to this many characters. */
export const MAX_STRING_CHARS = 50_000;
/** A prompt is stored up to this many JSON characters; beyond it, middle messages are left out. */
export const MAX_PROMPT_CHARS = 200_000;
/** An answer is stored up to this many JSON characters. */
export const MAX_ANSWER_CHARS = 100_000;
