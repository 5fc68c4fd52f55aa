import { chatCompletions, methodNotAllowed } from "@/server/integrations/openai";

// OpenAI-compatible Chat Completions (see server/integrations/openai): authenticated by AIOS API keys.
export const dynamic = "force-dynamic";

export const POST = (req: Request) => chatCompletions(req);
export const GET = methodNotAllowed("POST");
