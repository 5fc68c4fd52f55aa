import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";

// One client per provider connection (environment or an org's credential). Every base URL is passed
// explicitly, so the SDKs never fall back to reading process.env themselves.

export type ProviderClient = { model(modelId: string): LanguageModelV3 };
export type ClientKind = "openai" | "anthropic" | "compatible";

export function createProviderClient(kind: ClientKind, conn: { baseURL: string; apiKey: string | null }): ProviderClient {
  switch (kind) {
    case "openai": {
      const p = createOpenAI({ apiKey: conn.apiKey ?? "", baseURL: conn.baseURL });
      // Chat Completions (not the Responses API): the protocol every OpenAI-compatible server speaks too.
      return { model: (id) => p.chat(id) };
    }
    case "anthropic": {
      const p = createAnthropic({ apiKey: conn.apiKey ?? "", baseURL: conn.baseURL });
      return { model: (id) => p.messages(id) };
    }
    case "compatible": {
      const p = createOpenAICompatible({
        // The SDK's provider name is also the providerOptions key; keep it fixed and show the label instead.
        name: "compatible",
        baseURL: conn.baseURL,
        apiKey: conn.apiKey ?? undefined,
        includeUsage: true,
        // Ollama, vLLM, LM Studio and OpenRouter accept json_schema response formats; without this the
        // model would be asked for "some JSON" and never see the schema.
        supportsStructuredOutputs: true,
      });
      return { model: (id) => p.chatModel(id) };
    }
  }
}
