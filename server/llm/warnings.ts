import "server-only";
import type { LogWarningsFunction } from "ai";
import { logger } from "@/server/observability/logger";

const seen = new Set<string>();

/**
 * The AI SDK prints provider warnings (an unsupported setting, an unknown model's token limit) with
 * console.warn on every call. Send each distinct one to the structured log once instead.
 */
const logWarnings: LogWarningsFunction = ({ warnings, provider, model }) => {
  for (const warning of warnings) {
    const key = `${provider}:${model}:${JSON.stringify(warning)}`;
    if (seen.has(key)) continue;
    if (seen.size > 1000) seen.clear();
    seen.add(key);
    logger.warn({ provider, model, warning }, "model provider warning");
  }
};

export function installWarningLogger() {
  globalThis.AI_SDK_LOG_WARNINGS = logWarnings;
}
