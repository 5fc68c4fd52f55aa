// OpenAI's error format, `{ error: { message, type, param, code } }`, which every OpenAI client reads
// (the official ones turn it into typed exceptions by status). Plain data, no server imports: the HTTP
// layer in server/boot answers its own refusals on /api/v1 in this shape too.

export type OpenAiErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };

/** The type and code OpenAI uses for a status, when nothing more specific is known. */
export function defaultTypeAndCode(status: number): { type: string; code: string | null } {
  switch (status) {
    case 400:
    case 405:
    case 413:
    case 415:
      return { type: "invalid_request_error", code: null };
    case 401:
      return { type: "invalid_request_error", code: "invalid_api_key" };
    case 403:
      return { type: "permission_error", code: "insufficient_permissions" };
    case 404:
      return { type: "invalid_request_error", code: "not_found" };
    case 429:
      return { type: "requests", code: "rate_limit_exceeded" };
    default:
      return { type: status >= 500 ? "server_error" : "invalid_request_error", code: null };
  }
}

export function openAiErrorBody(status: number, message: string, more: { type?: string; param?: string | null; code?: string | null } = {}): OpenAiErrorBody {
  const d = defaultTypeAndCode(status);
  return { error: { message, type: more.type ?? d.type, param: more.param ?? null, code: more.code === undefined ? d.code : more.code } };
}

/** Paths whose errors are written in OpenAI's format. */
export const isOpenAiPath = (path: string) => path === "/api/v1" || path.startsWith("/api/v1/");
