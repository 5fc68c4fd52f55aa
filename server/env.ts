import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { MASTER_KEY_FORMAT, parseMasterKey } from "./governance/secrets/key-format";
import { llmConfigIssues, MODEL_REF_MESSAGE, parseModelRef } from "./llm/config";

// The one place that reads process.env. Parsed once; bad values stop start-up with a readable list.
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const modelRef = optionalString.pipe(
  z
    .string()
    .refine((v) => parseModelRef(v) !== null, MODEL_REF_MESSAGE)
    .optional(),
);

const masterKey = optionalString.pipe(
  z
    .string()
    .refine((v) => parseMasterKey(v) !== null, MASTER_KEY_FORMAT)
    .optional(),
);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  AIOS_DATA_DIR: z.string().default(".aios"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  AIOS_PUBLIC_URL: optionalString.pipe(z.url("must be a URL such as https://aios.example.com").optional()),
  NEXTAUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  AIOS_SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(24 * 7),
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  GOOGLE_ID: optionalString,
  GOOGLE_SECRET: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  AIOS_AUTH_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  AIOS_TRPC_MAX_BATCH: z.coerce.number().int().positive().default(20),
  AIOS_TRUST_PROXY: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  // Other origins (besides AIOS_PUBLIC_URL) whose pages may send state-changing requests, comma-separated.
  AIOS_ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url("must be a comma-separated list of origins such as https://ops.example.com"))),
  // Request body limits at the HTTP layer (413 above them); chat carries the conversation, so more.
  AIOS_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  AIOS_MAX_CHAT_BODY_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  // Model providers (server/llm). With none set, every tier uses the offline demo model.
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url("must be a URL such as https://api.openai.com/v1").optional()),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString.pipe(z.url("must be a URL such as https://api.anthropic.com/v1").optional()),
  AIOS_OPENAI_COMPATIBLE_URL: optionalString.pipe(z.url("must be a URL such as http://localhost:11434/v1").optional()),
  AIOS_OPENAI_COMPATIBLE_API_KEY: optionalString,
  AIOS_OPENAI_COMPATIBLE_NAME: optionalString,
  AIOS_MODEL_FAST: modelRef,
  AIOS_MODEL_STANDARD: modelRef,
  AIOS_MODEL_DEEP: modelRef,
  // Master key for provider keys at rest (AES-256-GCM). Required in server mode to store provider keys;
  // embedded mode without it keeps a generated key file in the data folder. _OLD: for `npm run secrets:rotate`.
  AIOS_SECRET_KEY: masterKey,
  AIOS_SECRET_KEY_OLD: masterKey,
  // Makes the offline demo model answer at a human pace (demos, and tests that stop a worker mid-task).
  AIOS_OFFLINE_MODEL_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  // API keys (server/governance/api-keys): the HMAC pepper their hashes are stored under. Optional: without it
  // the pepper is derived from the auth secret (changing NEXTAUTH_SECRET then invalidates every key).
  AIOS_API_KEY_PEPPER: optionalString.pipe(z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 48)").optional()),
  AIOS_MAX_API_KEYS_PER_ORG: z.coerce.number().int().min(1).max(100_000).default(100),
  // Headless initialisation (server/governance/init-owner.ts): used only while the database has no user.
  AIOS_INIT_OWNER_EMAIL: optionalString.pipe(z.email("must be an email address such as owner@example.com").max(254).optional()),
  // Not trimmed: spaces are part of a password. 12 = MIN_PASSWORD_LENGTH of server/auth/password.ts (a test keeps them equal).
  AIOS_INIT_OWNER_PASSWORD: z
    .string()
    .transform((v) => (v === "" ? undefined : v))
    .optional()
    .pipe(z.string().min(12, "is too weak: it needs at least 12 characters (the same rule as the setup page)").max(1024).optional()),
  AIOS_INIT_OWNER_NAME: optionalString.pipe(z.string().max(120, "must be at most 120 characters").optional()),
  AIOS_INIT_ORG_NAME: optionalString.pipe(z.string().min(2, "needs at least 2 characters").max(80, "must be at most 80 characters").optional()),
  // The same shape as server/governance/api-keys isApiKeyFormat (a test keeps them equal).
  AIOS_INIT_API_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^aios_sk_[A-Za-z0-9_-]{43}$/, "must be a full API key: aios_sk_ followed by 43 base64url characters (32 random bytes)")
      .optional(),
  ),
  // Exact-match response cache (server/llm/cache): how long a deterministic call's answer (temperature 0)
  // is reused, in seconds; 0 turns the cache off. A day by default; at most 30 days.
  AIOS_LLM_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(30 * 86_400).default(86_400),
  // Models that drop tool calls from streamed answers (as some Ollama versions do): their agent steps are
  // asked one-shot, without live text. Comma-separated provider:model; model may be * (every model of it).
  // AIOS also notices it by itself (a stream that ends in "tool calls" with none) and switches that model.
  AIOS_ONE_SHOT_TOOL_MODELS: optionalString,
  // Model call resilience (server/llm/resilience): how long one attempt may take before it counts as a
  // timeout (retried, then the next candidate model), and how often one model is retried after a 429,
  // 5xx, timeout or connection error before the next candidate.
  AIOS_LLM_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3_600).default(600),
  AIOS_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  // E-mail for notifications (server/governance/notifications/mail.ts): unset, notifications stay in-app.
  AIOS_SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\/[^\s]+$/, "must be an SMTP URL such as smtps://user:password@smtp.example.com:465").optional()),
  AIOS_MAIL_FROM: optionalString.pipe(z.string().max(320, "must be at most 320 characters").optional()),
});

const INIT_EXTRAS = ["AIOS_INIT_OWNER_NAME", "AIOS_INIT_ORG_NAME", "AIOS_INIT_API_KEY"] as const;

// Combinations the field checks cannot see (a tier naming a provider without its key) also stop start-up.
const checkedSchema = schema.superRefine((e, ctx) => {
  for (const issue of llmConfigIssues(e)) ctx.addIssue({ code: "custom", path: [issue.variable], message: issue.message });
  // Headless init needs both the email and the password; half a configuration must not be ignored silently.
  const initSet = [e.AIOS_INIT_OWNER_EMAIL, e.AIOS_INIT_OWNER_PASSWORD, ...INIT_EXTRAS.map((k) => e[k])].some(Boolean);
  for (const required of ["AIOS_INIT_OWNER_EMAIL", "AIOS_INIT_OWNER_PASSWORD"] as const) {
    if (initSet && !e[required]) ctx.addIssue({ code: "custom", path: [required], message: "is required when any other AIOS_INIT_* variable is set" });
  }
});

export type Env = z.infer<typeof schema> & {
  mode: "embedded" | "server";
  dataDir: string;
  publicUrl: string;
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = checkedSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`AIOS configuration is invalid:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const e = parsed.data;
  return {
    ...e,
    mode: e.DATABASE_URL ? "server" : "embedded",
    dataDir: resolve(e.AIOS_DATA_DIR),
    publicUrl: e.AIOS_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
  };
}

const g = globalThis as { __aiosEnv?: Env };
export const env: Env = (g.__aiosEnv ??= parseEnv(process.env));

/**
 * The secret that signs session tokens. Server mode requires NEXTAUTH_SECRET (every web process
 * must share it); embedded mode creates a random one in the data folder on first start, so there
 * is never a default secret.
 */
export function authSecret(): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (env.mode === "server") {
    throw new Error("NEXTAUTH_SECRET is required in server mode (all web processes must share it): openssl rand -base64 48");
  }
  const file = resolve(env.dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(env.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}

export const oauth = {
  github: env.GITHUB_ID && env.GITHUB_SECRET ? { clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET } : null,
  google: env.GOOGLE_ID && env.GOOGLE_SECRET ? { clientId: env.GOOGLE_ID, clientSecret: env.GOOGLE_SECRET } : null,
};
