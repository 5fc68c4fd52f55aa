import { listModels, methodNotAllowed } from "@/server/integrations/openai";

// OpenAI-compatible model list: the tier aliases and the org's enabled catalog entries.
export const dynamic = "force-dynamic";

export const GET = (req: Request) => listModels(req);
export const POST = methodNotAllowed("GET");
