import "server-only";
import type { IncomingHttpHeaders } from "node:http";

// Endpoints whose bodies are JSON refuse any other type: text/plain and form posts are what a
// foreign page can send without a CORS preflight, so accepting them would reopen CSRF.
const JSON_ONLY = [/^\/api\/trpc(\/|$)/, /^\/api\/chat(\/|$)/, /^\/api\/v1(\/|$)/];

export function requiresJson(path: string): boolean {
  return JSON_ONLY.some((re) => re.test(path));
}

export function isJson(headers: IncomingHttpHeaders): boolean {
  const type = (headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/json";
}

export const JSON_REQUIRED_MESSAGE = "This endpoint accepts only JSON: send the body with Content-Type: application/json.";
