// The offline demo model builds a generic template for anything outside its demos. Its plan summary
// starts with this mark, so the plan card and the project page can say so plainly (the plan schema
// stays as it is; real models never write the mark).
export const GENERIC_TEMPLATE_MARK = "Generic template:";

export const GENERIC_TEMPLATE_NOTICE =
  "The offline demo model has no template for this request, so it builds a generic one from the request's words: a small store of records with tests, an API, page or command-line tool as asked. Nothing specific to the request is implemented; configure a real model for that.";

export function isGenericTemplate(plan: { summary?: string; offlineModel?: boolean } | null | undefined): boolean {
  return Boolean(plan?.offlineModel && plan.summary?.startsWith(GENERIC_TEMPLATE_MARK));
}
