import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>["models"];
type Inputs = inferRouterInputs<AppRouter>["models"];

export type CatalogView = Outputs["catalog"];
export type ProviderView = CatalogView["providers"][number];
export type ModelView = CatalogView["models"][number];
export type TierView = CatalogView["tiers"][number];
export type PriceView = Outputs["priceHistory"][number];
export type TestResult = Outputs["testDraft"];
export type ProviderKind = ProviderView["kind"];
export type CatalogTier = TierView["tier"];
export type PriceInput = Omit<Inputs["setPrice"], "orgId" | "entryId">;
export type BreakerView = Outputs["health"]["breakers"][number];

export type KindInfo = {
  value: ProviderKind;
  label: string;
  description: string;
  defaultBaseUrl: string;
  keyRequired: boolean;
  keyPlaceholder: string;
};

export const PROVIDER_KINDS: KindInfo[] = [
  {
    value: "openai",
    label: "OpenAI",
    description: "GPT models from api.openai.com",
    defaultBaseUrl: "https://api.openai.com/v1",
    keyRequired: true,
    keyPlaceholder: "sk-…",
  },
  {
    value: "anthropic",
    label: "Anthropic",
    description: "Claude models from api.anthropic.com",
    defaultBaseUrl: "https://api.anthropic.com/v1",
    keyRequired: true,
    keyPlaceholder: "sk-ant-…",
  },
  {
    value: "compatible",
    label: "OpenAI-compatible",
    description: "Ollama, vLLM, LM Studio, OpenRouter…",
    defaultBaseUrl: "",
    keyRequired: false,
    keyPlaceholder: "Optional for local servers",
  },
];

/** Common OpenAI-compatible servers: one click fills the base URL. */
export const COMPATIBLE_PRESETS: { label: string; name: string; baseUrl: string }[] = [
  { label: "Ollama", name: "Ollama", baseUrl: "http://localhost:11434/v1" },
  { label: "LM Studio", name: "LM Studio", baseUrl: "http://localhost:1234/v1" },
  { label: "vLLM", name: "vLLM", baseUrl: "http://localhost:8000/v1" },
  { label: "OpenRouter", name: "OpenRouter", baseUrl: "https://openrouter.ai/api/v1" },
];

export const kindInfo = (kind: string): KindInfo | undefined => PROVIDER_KINDS.find((k) => k.value === kind);
export const kindLabel = (kind: string) => (kind === "offline" ? "Offline" : (kindInfo(kind)?.label ?? kind));

export const PRICE_FIELDS: { key: keyof PriceInput; label: string; short: string }[] = [
  { key: "inputPerMTok", label: "Input price", short: "Input" },
  { key: "outputPerMTok", label: "Output price", short: "Output" },
  { key: "cachedReadPerMTok", label: "Cached-read price", short: "Cached read" },
  { key: "cacheWritePerMTok", label: "Cache-write price", short: "Cache write" },
];

export type FallbackTier = Outputs["fallbacks"]["tiers"][number];
