import "server-only";

// Word handling for the offline model: it reads requests with rules, not weights, so these helpers
// decide what a message is about.

export const STOP_WORDS = new Set(
  (
    "a an the and or but of to for in on at by with from into onto about as is are was were be been being it its " +
    "this that these those there here i me my we our us you your he she they them their his her so if then than " +
    "too very can could would should will shall may might must do does did done have has had having just also " +
    "please pls kindly want wanted need needs like would love some any all each every which who whom whose what " +
    "when where why how not no yes ok okay hey hi hello thanks thank let lets let's go going get got using use " +
    "via per up down out over under again more most much many few one two three simple small little basic quick " +
    "nice cool good great awesome new really actually maybe something anything thing things stuff kind sort " +
    "able that's it's i'd i'm im able show shows displays display"
  ).split(/\s+/),
);

/** Verbs that start a build request. */
export const BUILD_VERBS = new Set([
  "build",
  "create",
  "make",
  "write",
  "develop",
  "generate",
  "code",
  "implement",
  "design",
  "prototype",
  "program",
  "setup",
  "scaffold",
]);

/** Nouns that name the kind of software rather than its subject. */
export const KIND_WORDS = new Set([
  "app",
  "apps",
  "application",
  "applications",
  "webapp",
  "web",
  "site",
  "website",
  "websites",
  "page",
  "webpage",
  "api",
  "apis",
  "rest",
  "restful",
  "endpoint",
  "endpoints",
  "service",
  "microservice",
  "server",
  "backend",
  "frontend",
  "tool",
  "tools",
  "cli",
  "command",
  "line",
  "commandline",
  "terminal",
  "script",
  "program",
  "software",
  "project",
  "system",
  "platform",
  "library",
  "module",
  "package",
  "ui",
  "interface",
  "node",
  "nodejs",
  "javascript",
  "js",
  "typescript",
  "html",
  "css",
  "json",
  "http",
  "tests",
  "test",
  "testing",
]);

export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\bto-?dos?\b|\bto do(?= list| app| items?)/g, (m) => (m.endsWith("s") ? "todos" : "todo"))
    .replace(/\bcommand-line\b/g, "command line")
    .replace(/\bweb-?app\b/g, "web app");
}

export function words(text: string): string[] {
  return normalize(text).match(/[a-z0-9][a-z0-9']*/g) ?? [];
}

const UNCOUNTABLE = new Set(["weather", "news", "data", "information", "music", "money", "feedback", "software", "equipment", "inventory", "homework", "mail", "traffic", "progress", "fitness", "health", "research", "time", "tracking", "analytics", "chess", "media"]);

export function isUncountable(word: string): boolean {
  return UNCOUNTABLE.has(word) || word.endsWith("ing") || word.endsWith("ics");
}

export function singular(word: string): string {
  if (isUncountable(word) || word.length <= 3) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) return word.slice(0, -1);
  return word;
}

export function plural(word: string): string {
  if (isUncountable(word)) return word;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

export function titleCase(parts: string[]): string {
  return parts.map((w) => (w.length <= 3 && /^(api|cli|csv|json|ui|url|rss|pdf|sql|xml|html|css|http)$/.test(w) ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1))).join(" ");
}

export function slugify(text: string, maxLength = 40): string {
  let slug = words(text)
    .join("-")
    .replace(/[^a-z0-9-]+/g, "")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (slug.length > maxLength) {
    // Cut at a word boundary when there is one.
    slug = slug.slice(0, maxLength + 1);
    slug = slug.includes("-") ? slug.slice(0, slug.lastIndexOf("-")) : slug.slice(0, maxLength);
  }
  if (!slug) return "project";
  return /^[a-z]/.test(slug) ? slug : `x-${slug}`.slice(0, maxLength).replace(/-$/, "");
}

/** 53-bit string hash (cyrb53): stable ids and seeds without crypto. */
export function hash(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export function sentence(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  if (!t) return t;
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
