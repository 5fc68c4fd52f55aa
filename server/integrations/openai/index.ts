import "server-only";

// The OpenAI-compatible endpoint (/api/v1): any OpenAI client can use AIOS as its gateway, with an AIOS
// API key, and every call is routed, cached, budgeted, rate-limited and metered like an agent's.

export { chatCompletions } from "./chat-completions";
export { listModels, retrieveModel } from "./list-models";
export { methodNotAllowed } from "./method-not-allowed";
