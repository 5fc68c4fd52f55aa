import "server-only";
import { logger } from "@/server/observability/logger";
import { inputShapes, trpcInputProblem, type InputShapes } from "./input-guard";

const g = globalThis as { __aiosInputShapes?: InputShapes };

/**
 * Reads a tRPC HTTP request's input (the `input` query parameter, or the JSON body) and checks every
 * call in it. Returns the request to hand on (rebuilt, since the body was read), or a 400 in tRPC's
 * own error format so the client shows the sentence.
 */
export async function checkTrpcRequest(req: Request, procedures: Record<string, unknown>): Promise<Request | Response> {
  const url = new URL(req.url);
  const paths = decodeURIComponent(url.pathname.replace(/^\/api\/trpc\/?/, "")).split(",");
  const batch = url.searchParams.get("batch") === "1";
  let text: string | null;
  try {
    text = req.method === "GET" ? url.searchParams.get("input") : await req.text();
  } catch {
    return refuse(paths, batch, "The request body could not be read.");
  }
  if (!text) return req;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuse(paths, batch, "The request body is not valid JSON.");
  }
  const shapes = (g.__aiosInputShapes ??= inputShapes(procedures));
  const inputs = batch ? paths.map((_, i) => (isRecord(parsed) ? parsed[String(i)] : parsed)) : [parsed];
  if (batch && !isRecord(parsed)) return refuse(paths, batch, "The request is malformed.");
  for (const [i, input] of inputs.entries()) {
    if (input === undefined) continue;
    const problem = trpcInputProblem(input, shapes(paths[i] ?? ""));
    if (problem) {
      logger.warn({ security: "input_refused", path: paths[i], problem }, "tRPC input refused");
      return refuse(paths, batch, problem, i);
    }
  }
  return req.method === "GET" ? req : new Request(req, { body: text });
}

/** A 400 in tRPC's format; in a batch the refused call gets the sentence, the others say why they did not run. */
function refuse(paths: string[], batch: boolean, message: string, culprit = 0): Response {
  const item = (path: string, i: number) => ({
    error: {
      json: {
        message: i === culprit ? message : "Not run: another call in the same request was refused.",
        code: -32600,
        data: { code: "BAD_REQUEST", httpStatus: 400, path },
      },
    },
  });
  return Response.json(batch ? paths.map(item) : item(paths[0] ?? "", 0), { status: 400 });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
