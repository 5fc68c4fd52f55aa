import "server-only";
import { authenticate } from "./authenticate";
import { errorResponse, toOpenAiError } from "./errors";
import { orgModels, TIER_ALIASES } from "./models";

// GET /api/v1/models: the names `model` accepts for this key's org, in OpenAI's list format. The tier
// aliases come first (the org's routing picks their model), then the enabled catalog entries by id.

export async function listModels(req: Request): Promise<Response> {
  try {
    const { scope } = await authenticate(req.headers);
    const { models } = await orgModels(scope.orgId);
    const data = [
      ...Object.keys(TIER_ALIASES).map((id) => ({ id, object: "model" as const, created: 0, owned_by: "aios" })),
      ...models.map((m) => ({ id: m.id, object: "model" as const, created: m.created, owned_by: m.provider, name: m.displayName, model: m.modelId })),
    ];
    return Response.json({ object: "list", data }, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(toOpenAiError(err));
  }
}
