import { methodNotAllowed, retrieveModel } from "@/server/integrations/openai";

// OpenAI-compatible "retrieve model" (GET /api/v1/models/{id}); a catch-all because aliases hold a slash.
export const dynamic = "force-dynamic";

export const GET = async (req: Request, ctx: { params: Promise<{ model: string[] }> }) => retrieveModel(req, (await ctx.params).model.join("/"));
export const POST = methodNotAllowed("GET");
