import "server-only";

// The offline demo model: a real AI SDK language model (LanguageModelV3) that needs no network. It reads
// the <aios purpose="…"/> tag line of the system prompt and answers intake, planning and agent steps
// deterministically, with text, structured output and tool calls, through the same interface as a
// real model. See README.md in this folder for the prompt contract.

export { createOfflineModel, OFFLINE_MODEL_ID, OFFLINE_PROVIDER, type AnswersInstantly, type OfflineModelOptions } from "./model";
