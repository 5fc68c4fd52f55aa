import "server-only";
import { authorizeOrg, authorizeProject, bearerToken, principalFromApiKey, type ApiKeyPrincipal } from "@/server/auth";
import type { LlmScope } from "@/server/llm";
import { OpenAiError } from "./openai-error";

// /api/v1 is for programs: only AIOS API keys (`Authorization: Bearer aios_sk_…`), never a session
// cookie, so no web page can make a signed-in browser spend the org's money. The key acts in its own
// org; a key restricted to a project calls models on that project's account (its budgets apply).

export type ApiCaller = { principal: ApiKeyPrincipal; scope: LlmScope };

const NO_KEY = "You didn't provide an API key. Send your AIOS API key in the Authorization header (Authorization: Bearer aios_sk_…); create one on Account → API keys.";

export async function authenticate(headers: Headers): Promise<ApiCaller> {
  const token = bearerToken(headers.get("authorization"));
  if (token === null) throw new OpenAiError(401, NO_KEY, { code: "invalid_api_key" });
  const principal = await principalFromApiKey(token, headers.get("x-aios-client-ip"));
  const orgId = principal.memberships[0]!.orgId;
  const projectId = principal.key.projectId;
  if (projectId) await authorizeProject(principal, projectId, "models:invoke");
  else authorizeOrg(principal, orgId, "models:invoke");
  return { principal, scope: { orgId, projectId, userId: principal.userId, apiKeyId: principal.key.id } };
}
