import "server-only";
import { AppError } from "@/server/errors";
import { LlmError } from "@/server/llm";
import { UnusableAnswerError } from "@/server/llm/structured";
import { logger } from "@/server/observability/logger";

/**
 * What the person reads when a chat turn fails. Our own 4xx errors are sentences already; a model
 * library's message ("messages must not be empty", a provider's raw body) is logged, never shown.
 */
export function chatTurnErrorText(error: unknown): string {
  // Written for people by server/llm/structured: what was wrong with the model's answer, in sentences.
  if (error instanceof UnusableAnswerError) return error.message;
  if (error instanceof LlmError) {
    // Not the whole error: its cause carries the request body (the person's messages).
    logger.warn({ kind: error.kind, provider: error.details.provider, status: error.details.providerStatus, llmCallId: error.details.llmCallId, detail: error.message }, "chat turn: model call failed");
    switch (error.kind) {
      case "timeout":
        return "The model did not answer in time. Please try again.";
      case "unreachable":
        return "The model provider could not be reached. Try again in a moment; if it keeps failing, ask an administrator to check the model settings.";
      case "provider":
        return error.details.providerStatus === 429
          ? "The model provider is busy right now (rate limited). Please try again in a minute."
          : "The model provider refused the request. Try again; if it keeps failing, ask an administrator to check the model settings.";
      case "bad-output":
        return "The model's answer could not be used. Please try again or rephrase your message.";
      case "cancelled":
        return "The answer was cancelled.";
      default:
        return "The model could not answer this message. Please try again or rephrase it.";
    }
  }
  if (error instanceof AppError && error.status < 500) return error.message;
  logger.error({ err: error }, "chat turn failed");
  return "Something went wrong on our side. Please try again.";
}

/**
 * An onError for one chat stream. The AI SDK reports an error a second time as a plain Error carrying
 * the text we already chose; that echo is passed through rather than logged as a new failure.
 */
export function chatTurnErrors(): (error: unknown) => string {
  const shown = new Set<string>();
  return (error) => {
    if (error instanceof Error && !(error instanceof AppError) && shown.has(error.message)) return error.message;
    const text = chatTurnErrorText(error);
    shown.add(text);
    return text;
  };
}
