import "server-only";
import { authenticate } from "./authenticate";
import { errorResponse, toOpenAiError } from "./errors";
import { orgModels, TIER_ALIASES, type ApiModel } from "./models";
import { OpenAiError } from "./openai-error";

// GET /api/v1/models: the names `model` accepts for this key's org, in OpenAI's list format. The tier
// aliases come first (the org's routing picks their model), then the enabled catalog entries by id.

export async function listModels(req: Request): Promise<Response> {
  try {
    const { scope } = await authenticate(req.headers);
    const { models } = await orgModels(scope.orgId);
    const data = [...Object.keys(TIER_ALIASES).map(aliasObject), ...models.map(modelObject)];
    return Response.json({ object: "list", data }, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(toOpenAiError(err));
  }
}

/** GET /api/v1/models/{id}: one of the names above (an alias has a slash: aios/fast). */
export async function retrieveModel(req: Request, id: string): Promise<Response> {
  try {
    const { scope } = await authenticate(req.headers);
    if (TIER_ALIASES[id]) return Response.json(aliasObject(id), { headers: { "cache-control": "no-store" } });
    const found = (await orgModels(scope.orgId)).models.find((m) => m.id === id);
    if (!found) throw new OpenAiError(404, `The model '${id.slice(0, 80)}' does not exist or you do not have access to it. GET /api/v1/models lists the models this key can use.`, { param: "model", code: "model_not_found" });
    return Response.json(modelObject(found), { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(toOpenAiError(err));
  }
}

const aliasObject = (id: string) => ({ id, object: "model" as const, created: 0, owned_by: "aios" });
const modelObject = (m: ApiModel) => ({ id: m.id, object: "model" as const, created: m.created, owned_by: m.provider, name: m.displayName, model: m.modelId });
