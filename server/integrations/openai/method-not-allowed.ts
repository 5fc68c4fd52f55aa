import "server-only";
import { errorResponse } from "./errors";
import { OpenAiError } from "./openai-error";

/** A method the endpoint does not take, answered in OpenAI's format (Next's own 405 has no body). */
export const methodNotAllowed = (allowed: string) => () =>
  errorResponse(new OpenAiError(405, `This endpoint takes ${allowed} requests only.`, { headers: { allow: allowed } }));
