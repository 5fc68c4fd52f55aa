import "server-only";
import { BUILD_VERBS, KIND_WORDS, STOP_WORDS, isUncountable, plural, singular, slugify, titleCase, words } from "./text";

// What a request is about, read from its words: the subject (the things the software keeps), what kind
// of software (web page, API, command line), and names derived from both. Planning and the agent steps
// derive the same analysis from the same words, so they agree without sharing state.

export type Flags = { web: boolean; api: boolean; cli: boolean };

export type RequestAnalysis = {
  words: string[];
  /** Content words: not stop words, build verbs, kinds of software or common action verbs. */
  subject: string[];
  flags: Flags;
  /** The kind word the person used ("app", "api", "tool"), if any. */
  kind: string | null;
  /** Singular and plural labels of the things the software keeps ("recipe", "recipes"). */
  entity: string;
  entities: string;
  /** URL path segment for them ("recipes"). */
  route: string;
  name: string;
  slug: string;
};

const ACTION_VERBS = new Set(
  (
    "track tracks tracking manage manages managing keep keeps store stores list lists let lets allow allows help helps " +
    "see view record records share find search organize organise plan plans browse add edit remove compare convert " +
    "converts calculate calculates count counts monitor monitors check checks send sends collect collects save saves " +
    "run runs print prints read reads turn turns handle handles supports work works people person user users " +
    "team my own where which everyone someone anyone"
  ).split(" "),
);

/** Words that name a container of the subject: "recipe manager" keeps recipes. */
const CONTAINERS = new Set(["manager", "tracker", "list", "organizer", "organiser", "planner", "log", "journal", "catalog", "catalogue", "collection", "board", "dashboard", "directory", "inventory", "registry", "book", "keeper", "viewer", "browser", "app"]);

/** Subjects whose entries have their own name. */
const ENTRY_OF: Record<string, string> = {
  blog: "post",
  shop: "product",
  store: "product",
  ecommerce: "product",
  crm: "contact",
  calendar: "event",
  forum: "thread",
  wiki: "page",
  chat: "message",
  gallery: "photo",
  portfolio: "project",
  newsletter: "subscriber",
  survey: "response",
  quiz: "question",
  diary: "entry",
  guestbook: "entry",
  helpdesk: "ticket",
  kanban: "card",
  menu: "dish",
  inventory: "item",
  restaurant: "dish",
  library: "book",
};

const VERB_SUFFIX: Record<string, string> = { track: "Tracker", manage: "Manager", plan: "Planner", log: "Log", organize: "Organizer", organise: "Organiser", collect: "Collection", monitor: "Monitor", compare: "Comparer", convert: "Converter", calculate: "Calculator", search: "Search" };

const OWNER_LEAD = new Set(["my", "our", "a", "an", "the", "his", "her", "their", "your"]);
const RELATIVE = new Set(["that", "which", "who", "to"]);

const isNoun = (w: string) =>
  !STOP_WORDS.has(w) && !BUILD_VERBS.has(w) && !KIND_WORDS.has(w) && !ACTION_VERBS.has(w) && !/^\d+$/.test(w) && w.length > 1;

export function analyzeRequest(text: string): RequestAnalysis {
  const all = words(text);
  const has = (re: RegExp) => all.some((w) => re.test(w));
  const joined = all.join(" ");
  const webWord = has(/^(web|site|website|websites|page|webpage|dashboard|frontend|ui|browser|gui|portal)$/);
  const cli = /\b(cli|command line|terminal|commandline|shell script)\b/.test(joined) || (has(/^tool$/) && !webWord);
  let web = webWord || (has(/^(app|apps|application|webapp)$/) && !cli);
  let api = web || has(/^(api|apis|rest|restful|endpoint|endpoints|backend|server|service|microservice|crud|http)$/);
  // Nothing said about the kind: most people mean something they can open in a browser.
  if (!web && !api && !cli && !has(/^(library|module|package|sdk)$/)) web = api = true;
  const kind = all.find((w) => KIND_WORDS.has(w) && !["tests", "test", "testing", "node", "nodejs", "javascript", "js", "typescript", "json", "html", "css", "http", "line"].includes(w)) ?? null;

  // A noun right after "for my" / "for a small" names who it is for, not what it keeps.
  const isOwner = (i: number) => {
    const back = all.slice(Math.max(0, i - 3), i);
    const f = back.lastIndexOf("for");
    return f >= 0 && back.slice(f + 1).every((w, k) => (k === 0 ? OWNER_LEAD.has(w) || isNoun(w) : !OWNER_LEAD.has(w)));
  };
  const nouns = all
    .map((w, i) => ({ w, i }))
    .filter(({ w, i }) => isNoun(w) && !RELATIVE.has(all[i - 1] ?? "") && !(i > 0 && RELATIVE.has(all[i - 1]!)))
    .map((n) => ({ ...n, owner: isOwner(n.i), container: CONTAINERS.has(n.w) && !ENTRY_OF[n.w] }));
  const subject = nouns.map((n) => n.w);
  const main = nouns.filter((n) => !n.owner && !n.container);
  const candidates = main.length ? main : nouns.filter((n) => !n.container);
  const containerWord = all.find((w) => CONTAINERS.has(w) && w !== "app" && w !== "book");

  const picked =
    candidates.find((n) => CONTAINERS.has(all[n.i + 1] ?? "") && all[n.i + 1] !== "app") ??
    candidates.find((n) => ENTRY_OF[n.w]) ??
    candidates.find((n) => n.w.endsWith("s") && !n.w.endsWith("ss") && n.w.length > 3) ??
    candidates[0];
  const entityWord = picked ? (ENTRY_OF[picked.w] ?? picked.w) : (ENTRY_OF[containerWord ?? ""] ?? "item");
  const one = singular(entityWord.replace(/'/g, ""));
  const entity = isUncountable(one) ? `${one} entry` : one;
  const entities = isUncountable(one) ? `${one} entries` : plural(one);

  // The name: who it is for, up to two words ending at the subject, then what kind of thing it is.
  const at = picked ? candidates.indexOf(picked) : -1;
  const prev = at > 0 ? candidates[at - 1] : undefined;
  const phrase = picked ? [...(prev && prev.i === picked.i - 1 ? [prev.w] : []), picked.w].map(singular) : [];
  const owner = main.length ? nouns.find((n) => n.owner && !n.container)?.w : undefined;
  const verb = all.map((w) => w.replace(/(e?s)$/, "")).find((w) => VERB_SUFFIX[w]);
  const after = picked && CONTAINERS.has(all[picked.i + 1] ?? "") && all[picked.i + 1] !== "app" ? all[picked.i + 1] : undefined;
  const suffixWord = after ?? containerWord;
  const suffix = suffixWord ? titleCase([suffixWord]) : verb ? VERB_SUFFIX[verb]! : cli ? "CLI" : web ? "App" : api ? "API" : "Library";
  const parts = [...new Set([...(owner ? [singular(owner)] : []), ...phrase, ...(phrase.length || owner ? [] : ["item"])])];
  const head = titleCase(parts.slice(0, 3));
  let name = head.endsWith(suffix) ? head : `${head} ${suffix}`;
  if (cli && !/CLI|Converter|Calculator/.test(name)) name += " CLI";
  return {
    words: all,
    subject,
    flags: { web, api, cli },
    kind,
    entity,
    entities,
    route: slugify(entities, 30),
    name,
    slug: slugify(name, 40),
  };
}
