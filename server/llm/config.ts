import "server-only";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "./resilience/backoff";
import { DEFAULT_BREAKER, type BreakerPolicy } from "./resilience/breaker";

// Model configuration from environment variables, as plain data. server/env.ts calls
// llmConfigIssues() so a bad combination stops start-up; the gateway calls parseLlmConfig().
// No process.env here: callers pass the variables in (tests pass their own).

export const TIERS = ["fast", "standard", "deep"] as const;
export type Tier = (typeof TIERS)[number];
export type ProviderId = "openai" | "anthropic" | "compatible" | "offline";
export const PROVIDER_IDS: readonly ProviderId[] = ["openai", "anthropic", "compatible", "offline"];

export const OFFLINE_MODEL_ID = "aios-offline-1";
export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
export const DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";

/** The variables this module reads (the same names as in server/env.ts and .env.example). */
export type LlmVars = {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  AIOS_OPENAI_COMPATIBLE_URL?: string;
  AIOS_OPENAI_COMPATIBLE_API_KEY?: string;
  AIOS_OPENAI_COMPATIBLE_NAME?: string;
  AIOS_MODEL_FAST?: string;
  AIOS_MODEL_STANDARD?: string;
  AIOS_MODEL_DEEP?: string;
  /** Per-attempt time limit in seconds (server/env.ts validates and defaults it). */
  AIOS_LLM_TIMEOUT_SECONDS?: number;
  /** Retries of one model before the next candidate. */
  AIOS_LLM_MAX_RETRIES?: number;
};

export type ModelRef = { provider: ProviderId; modelId: string };

export type LlmConfig = {
  openai: { apiKey: string; baseURL: string } | null;
  anthropic: { apiKey: string; baseURL: string } | null;
  compatible: { baseURL: string; apiKey: string | null; name: string } | null;
  tiers: Record<Tier, ModelRef>;
  /** Retries of one candidate model after a 429, 5xx, timeout or connection error, before the next candidate. */
  maxRetries: number;
  /** Longest one attempt may take before it fails as a timeout (each retry and fallback gets its own). */
  timeoutMs: number;
  /** Attempts of one call across all its candidates (at most 3 candidates × (maxRetries + 1)). */
  maxAttempts: number;
  /** Waits between retries: full jitter up to min(cap, base·2^n); a Retry-After above the cap moves on. */
  backoff: BackoffPolicy;
  /** Per provider:model: opens after `failureThreshold` failures in `windowMs`, probes after `cooldownMs`. */
  breaker: BreakerPolicy;
};

export const TIER_VARIABLE: Record<Tier, "AIOS_MODEL_FAST" | "AIOS_MODEL_STANDARD" | "AIOS_MODEL_DEEP"> = {
  fast: "AIOS_MODEL_FAST",
  standard: "AIOS_MODEL_STANDARD",
  deep: "AIOS_MODEL_DEEP",
};

/** What a tier gets when only the provider is known. */
export const DEFAULT_MODELS: Record<"openai" | "anthropic", Record<Tier, string>> = {
  openai: { fast: "gpt-4.1-mini", standard: "gpt-4.1", deep: "gpt-5" },
  anthropic: { fast: "claude-haiku-4-5", standard: "claude-sonnet-4-5", deep: "claude-opus-4-5" },
};

const MODEL_REF = /^(openai|anthropic|compatible|offline):(\S+)$/;
export const MODEL_REF_MESSAGE =
  "must be provider:model with provider one of openai, anthropic, compatible, offline (e.g. anthropic:claude-sonnet-4-5)";

export function parseModelRef(value: string): ModelRef | null {
  const m = MODEL_REF.exec(value.trim());
  return m ? { provider: m[1] as ProviderId, modelId: m[2]! } : null;
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());

export type LlmConfigIssue = { variable: keyof LlmVars; message: string };

/** Resolves tiers and providers; returns the config and every problem found (each naming its variable). */
function resolveConfig(vars: LlmVars): { config: LlmConfig; issues: LlmConfigIssue[] } {
  const issues: LlmConfigIssue[] = [];
  const openaiKey = blank(vars.OPENAI_API_KEY);
  const anthropicKey = blank(vars.ANTHROPIC_API_KEY);
  const compatibleUrl = blank(vars.AIOS_OPENAI_COMPATIBLE_URL);
  const config: LlmConfig = {
    openai: openaiKey ? { apiKey: openaiKey, baseURL: stripSlash(blank(vars.OPENAI_BASE_URL) ?? DEFAULT_OPENAI_BASE_URL) } : null,
    anthropic: anthropicKey
      ? { apiKey: anthropicKey, baseURL: stripSlash(blank(vars.ANTHROPIC_BASE_URL) ?? DEFAULT_ANTHROPIC_BASE_URL) }
      : null,
    compatible: compatibleUrl
      ? {
          baseURL: stripSlash(compatibleUrl),
          apiKey: blank(vars.AIOS_OPENAI_COMPATIBLE_API_KEY) ?? null,
          name: blank(vars.AIOS_OPENAI_COMPATIBLE_NAME) ?? "OpenAI-compatible",
        }
      : null,
    tiers: {} as Record<Tier, ModelRef>,
    maxRetries: vars.AIOS_LLM_MAX_RETRIES ?? 2,
    timeoutMs: (vars.AIOS_LLM_TIMEOUT_SECONDS ?? 600) * 1_000,
    maxAttempts: 6,
    backoff: DEFAULT_BACKOFF,
    breaker: DEFAULT_BREAKER,
  };
  if (blank(vars.OPENAI_BASE_URL) && !openaiKey) {
    issues.push({ variable: "OPENAI_API_KEY", message: "is required when OPENAI_BASE_URL is set" });
  }
  if (blank(vars.ANTHROPIC_BASE_URL) && !anthropicKey) {
    issues.push({ variable: "ANTHROPIC_API_KEY", message: "is required when ANTHROPIC_BASE_URL is set" });
  }

  const explicit: Partial<Record<Tier, ModelRef>> = {};
  for (const tier of TIERS) {
    const variable = TIER_VARIABLE[tier];
    const raw = blank(vars[variable]);
    if (!raw) continue;
    const ref = parseModelRef(raw);
    if (!ref) {
      issues.push({ variable, message: MODEL_REF_MESSAGE });
      continue;
    }
    const missing = missingCredential(ref.provider, config);
    if (missing) issues.push({ variable, message: `uses ${ref.provider} but ${missing} is not set` });
    explicit[tier] = ref;
  }

  // The provider for tiers left unset: the one the set tiers use, else the only (or first) configured one.
  const firstExplicit = explicit.standard ?? explicit.fast ?? explicit.deep;
  const configured = (["anthropic", "openai", "compatible"] as const).filter((p) => config[p] !== null);
  const fallbackProvider: ProviderId = firstExplicit?.provider ?? configured[0] ?? "offline";

  for (const tier of TIERS) {
    const set = explicit[tier];
    if (set) {
      config.tiers[tier] = set;
    } else if (fallbackProvider === "offline") {
      config.tiers[tier] = { provider: "offline", modelId: OFFLINE_MODEL_ID };
    } else if (fallbackProvider === "compatible") {
      // An OpenAI-compatible server has no model we could guess: reuse the one chosen for another tier.
      const chosen = [explicit.standard, explicit.fast, explicit.deep].find((r) => r?.provider === "compatible");
      if (chosen) config.tiers[tier] = chosen;
      else {
        config.tiers[tier] = { provider: "offline", modelId: OFFLINE_MODEL_ID };
        if (tier === "standard") {
          issues.push({
            variable: "AIOS_MODEL_STANDARD",
            message:
              "must name a model when AIOS_OPENAI_COMPATIBLE_URL is the only provider (e.g. AIOS_MODEL_STANDARD=compatible:llama3.1)",
          });
        }
      }
    } else {
      config.tiers[tier] = { provider: fallbackProvider, modelId: DEFAULT_MODELS[fallbackProvider][tier] };
    }
  }
  return { config, issues };
}

function missingCredential(provider: ProviderId, config: LlmConfig): string | null {
  if (provider === "openai" && !config.openai) return "OPENAI_API_KEY";
  if (provider === "anthropic" && !config.anthropic) return "ANTHROPIC_API_KEY";
  if (provider === "compatible" && !config.compatible) return "AIOS_OPENAI_COMPATIBLE_URL";
  return null;
}

const stripSlash = (url: string) => url.replace(/\/+$/, "");

/** Every problem with the model variables, for server/env.ts to report at start-up. */
export function llmConfigIssues(vars: LlmVars): LlmConfigIssue[] {
  return resolveConfig(vars).issues;
}

/** The model configuration; throws one readable error listing every bad variable. */
export function parseLlmConfig(vars: LlmVars): LlmConfig {
  const { config, issues } = resolveConfig(vars);
  if (issues.length > 0) {
    const lines = issues.map((i) => `  ${i.variable}: ${i.message}`);
    throw new Error(`AIOS model configuration is invalid:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return config;
}
