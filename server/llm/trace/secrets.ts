import "server-only";
import { env } from "@/server/env";

// The server's own secret values, masked wherever a trace would show them (a prompt that quoted a .env).

const SECRET_ENV = [
  "NEXTAUTH_SECRET",
  "GITHUB_SECRET",
  "GOOGLE_SECRET",
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "AIOS_OPENAI_COMPATIBLE_API_KEY",
  "AIOS_SECRET_KEY",
  "AIOS_SECRET_KEY_OLD",
  "AIOS_API_KEY_PEPPER",
  "AIOS_INIT_OWNER_PASSWORD",
  "AIOS_INIT_API_KEY",
] as const;

let cached: string[] | null = null;

export function envSecrets(): string[] {
  return (cached ??= SECRET_ENV.map((k) => (env as Record<string, unknown>)[k]).filter((v): v is string => typeof v === "string" && v.length > 0));
}
