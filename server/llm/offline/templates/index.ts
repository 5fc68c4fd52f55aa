import "server-only";
import { analyzeRequest } from "../analyze";
import { normalize } from "../text";
import { CSV_MATCH, csvToJson } from "./csv-to-json";
import { genericProject } from "./generic";
import { STOCK_MATCH, stockDashboard } from "./stock-dashboard";
import { TODO_MATCH, todoApi } from "./todo-api";
import type { Template } from "./types";

export type { Defect, TaskDef, Template } from "./types";

/**
 * The template for a request or a project goal. Planning and agent steps both call this with the same
 * words (the plan's goal is the request), so they pick the same template.
 */
export function templateFor(goal: string): Template {
  const text = normalize(goal);
  if (CSV_MATCH.test(text) && /\bjson\b/.test(text)) return csvToJson(goal);
  if (TODO_MATCH.test(text) && /\b(api|apis|rest|restful|endpoints?|backend|crud|server|service)\b/.test(text)) return todoApi(goal);
  if (STOCK_MATCH.test(text)) return stockDashboard(goal);
  return genericProject(goal, analyzeRequest(goal));
}
