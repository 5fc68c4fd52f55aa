import { errorMessage } from "@/lib/format";

const CHAT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A new conversation's id, chosen by the browser (32 hex characters; works on plain http too). */
export function newChatId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function isChatId(value: string | null | undefined): value is string {
  return !!value && CHAT_ID.test(value);
}

/** A chat failure in words: HTTP errors arrive as the response body (`{ "error": "…" }`), stream errors as text. */
export function chatErrorText(error: Error | undefined): string {
  const raw = error?.message?.trim() ?? "";
  if (raw.startsWith("{")) {
    try {
      const body = JSON.parse(raw) as { error?: unknown };
      if (typeof body.error === "string" && body.error) return body.error;
    } catch {
      // not JSON: fall through
    }
  }
  return errorMessage(error ?? raw);
}
