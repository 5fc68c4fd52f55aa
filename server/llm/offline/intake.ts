import "server-only";
import type { IntakeDecision } from "@/lib/plan";
import { analyzeRequest } from "./analyze";
import type { ChatMessage } from "./prompt";
import { templateFor } from "./templates";
import { BUILD_VERBS, KIND_WORDS, normalize, sentence, singular, STOP_WORDS, words } from "./text";

// Intake: what the person's latest message is. Rules, in order: a question about progress; a change to a
// project they name (or "it", when only one project can be meant); a request to build something (vague
// ones get a clarifying question); anything else gets a short answer about AIOS.

export type ProjectRef = { id: string; name: string; status: string };

/** "- project <id>: <name> — <status>" lines of the intake system prompt. */
export function parseProjects(system: string): ProjectRef[] {
  const out: ProjectRef[] = [];
  for (const line of system.split("\n")) {
    const m = /^\s*-\s*project\s+([^\s:]+):\s*(.+?)\s+[—–]\s+([^—–]+?)\s*$/.exec(line) ?? /^\s*-\s*project\s+([^\s:]+):\s*(.+?)\s+-\s+(\S+)\s*$/.exec(line);
    if (m) out.push({ id: m[1]!, name: m[2]!.trim(), status: m[3]!.trim() });
  }
  return out;
}

const STATUS = /\b(status|progress|how(?:'s| is| are) (?:it|things|the|my|our|\w+ )*(?:going|doing|coming along|progressing)|what'?s happening|what is happening|where are we|any (?:news|update)|update on|is it (?:done|ready|finished)|done yet|ready yet|finished yet|how far|how long (?:until|till|will))\b/;
const CHANGE = /\b(add|adds|adding|change|changing|also|make it|make the|update|modify|remove|delete|rename|fix|improve|extend|support|include|switch|replace|tweak|instead|let it|should also|can you make|turn it|show (?:the|a|an)|use (?:a|an|the))\b/;
const PRONOUN = /\b(it|its|this|that|the app|the api|the tool|the project|the site|the page)\b/;
const NEW_HINT = /\b(new|another|separate|from scratch)\b|\ba second (app|project|one|api|tool|site)\b/;
const BUILD_START = /^(?:(?:please|hey|hi|ok|okay|so)[,!]?\s+)*(?:(?:can|could|would|will) you\s+|i(?:'d| would) like (?:you )?to\s+|i want (?:you )?to\s+|i need (?:you )?to\s+|let'?s\s+|help me\s+|we need to\s+|go ahead and\s+)?(build|create|make|write|develop|generate|code|implement|design|prototype|program|set up|setup|scaffold|start)\b/;
const WANT = /\b(i want|i need|i'd like|i would like|we need|we want|looking for|give me)\b/;

const CLARIFYING = /^What (should the (app|site|tool|API) (do|manage)|would you like me to build)\?/;

const GENERIC_NAME_WORDS = new Set([...KIND_WORDS, "dashboard", "app", "project"]);

function nameTokens(name: string): Set<string> {
  return new Set(words(name).filter((w) => !STOP_WORDS.has(w) && !GENERIC_NAME_WORDS.has(w)).map(singular));
}

/** The project a text names: most distinctive name words in common; ties go to the earliest listed. */
export function matchProject(text: string, projects: ProjectRef[]): ProjectRef | null {
  const said = new Set(words(text).map(singular));
  const lower = normalize(text);
  let best: { p: ProjectRef; score: number } | null = null;
  for (const p of projects) {
    if (lower.includes(p.id.toLowerCase())) return p;
    const tokens = nameTokens(p.name);
    let score = [...tokens].filter((t) => said.has(t)).length / Math.max(1, tokens.size);
    if (lower.includes(normalize(p.name))) score += 1;
    if (score > 0 && (!best || score > best.score)) best = { p, score };
  }
  return best?.p ?? null;
}

const lastUser = (messages: ChatMessage[]) => [...messages].reverse().find((m) => m.role === "user")?.text ?? "";

/** A project the conversation was about: named in an earlier message, newest first. */
function projectInContext(messages: ChatMessage[], projects: ProjectRef[]): ProjectRef | null {
  for (const m of [...messages].reverse().slice(1)) {
    const p = matchProject(m.text, projects);
    if (p) return p;
  }
  return null;
}

export function decideIntake(system: string, messages: ChatMessage[]): IntakeDecision {
  const projects = parseProjects(system);
  const text = lastUser(messages).trim();
  const lower = normalize(text);
  const named = matchProject(text, projects);
  const inContext = named ?? projectInContext(messages, projects) ?? (projects.length === 1 ? projects[0]! : null);
  const buildStart = BUILD_START.test(lower);

  if (STATUS.test(lower) && !(buildStart && !/\?$/.test(text))) {
    const p = named ?? (PRONOUN.test(lower) || projects.length === 1 ? inContext : null);
    return {
      intent: "status_question",
      projectId: p?.id ?? null,
      needsClarification: false,
      reply: p
        ? `${p.name} is ${p.status.replaceAll("_", " ")}.`
        : projects.length
          ? `Which project do you mean? ${projects.slice(0, 5).map((x) => `"${x.name}" (${x.status.replaceAll("_", " ")})`).join(", ")}.`
          : "There are no projects yet. Describe what you want built and I will plan it.",
    };
  }

  // "Build …" starts something new; "make it/the …", "add …", "also …" change what exists.
  const newWork = (buildStart && !/^\W*(?:\w+\W+){0,6}?make (it|the|them|this)\b/.test(lower)) || NEW_HINT.test(lower);
  const changeTarget = CHANGE.test(lower) && !newWork ? (named ?? (PRONOUN.test(lower) ? inContext : null)) : null;
  if (changeTarget) {
    return { intent: "change_request", projectId: changeTarget.id, needsClarification: false, reply: `I'll plan that change to ${changeTarget.name}.` };
  }

  // The answer to our own clarifying question continues the request it was about.
  const previous = messages[messages.map((m) => m.role).lastIndexOf("user") - 1];
  if (previous?.role === "assistant" && CLARIFYING.test(previous.text)) return newProject(text);

  const hasKind = words(text).some((w) => KIND_WORDS.has(w) && !["test", "tests", "testing", "json", "node", "js", "line"].includes(w));
  if (buildStart || (WANT.test(lower) && hasKind)) return newProject(text);
  return { intent: "general_question", projectId: null, needsClarification: false, reply: generalReply(lower, projects) };
}

function newProject(text: string): IntakeDecision {
  const a = analyzeRequest(text);
  const meaningful = words(text).filter((w) => !STOP_WORDS.has(w) && !BUILD_VERBS.has(w));
  const vague = a.subject.length === 0 || (meaningful.length < 4 && a.subject.every((w) => /^(thing|stuff|tool|idea|program|product|website|site)$/.test(w)));
  if (!vague) return { intent: "new_project", projectId: null, needsClarification: false, reply: `I'll plan ${templateFor(sentence(text)).name}.` };
  return { intent: "new_project", projectId: null, needsClarification: true, reply: clarifyingQuestion(a.kind) };
}

function clarifyingQuestion(kind: string | null): string {
  if (kind && /^(api|apis|rest|restful|endpoint|endpoints|service|microservice|server|backend)$/.test(kind)) {
    return "What should the API manage? Name the data it keeps (for example todos, orders or bookings) and what clients need to do with it — for example “Create a REST API for a todo list with tests”.";
  }
  if (kind && /^(cli|command|commandline|terminal|tool|tools|script)$/.test(kind)) {
    return "What should the tool do? Tell me what it reads and what it produces — for example “Write a command-line tool that converts CSV to JSON”.";
  }
  if (kind) {
    const noun = kind === "site" || kind === "website" || kind === "page" || kind === "webpage" ? "site" : "app";
    return `What should the ${noun} do? Tell me who will use it and the main thing they should see or do in it — for example “Build a web app that displays stock prices” or “a ${noun} where my team tracks support tickets”.`;
  }
  return "What would you like me to build? Describe what it should do and who will use it — a web app, an API or a command-line tool, and the data it works with. For example: “Build a web app that displays stock prices”.";
}

const ABOUT =
  "AIOS is a control plane for a team of AI agents (planner, frontend, backend, QA, devops, researcher). Describe software you want — for example “Build a web app that displays stock prices” — and the planner proposes a costed plan of tasks; after you approve it, the agents write the code in the project's git workspace, run the tests in a sandbox, hand work back to each other when something fails, and ask you when they need a decision.";

const OFFLINE =
  "You are talking to the offline demo model: it needs no network or API key and answers with built-in rules, so it builds a few known projects well (a stock price web app, a todo REST API, a CSV-to-JSON tool) and a simple project for other requests, but it cannot hold an open conversation. An administrator can connect a real model by setting OPENAI_API_KEY, ANTHROPIC_API_KEY or an OpenAI-compatible URL (Ollama, vLLM, LM Studio, OpenRouter) and restarting AIOS.";

/** A free chat turn (no intake): the same short answers as a general question. */
export function chatReply(messages: ChatMessage[]): string {
  return generalReply(normalize(lastUser(messages)), []);
}

function generalReply(lower: string, projects: ProjectRef[]): string {
  if (/^(hi|hello|hey|good (morning|afternoon|evening)|greetings)\b/.test(lower)) {
    return `Hello! ${ABOUT} ${OFFLINE}`;
  }
  if (/\b(model|offline|api key|openai|anthropic|llm|gpt|claude|real ai)\b/.test(lower)) return OFFLINE;
  if (/\b(project|projects)\b/.test(lower) && projects.length) {
    return `Your projects: ${projects.slice(0, 8).map((p) => `${p.name} (${p.status.replaceAll("_", " ")})`).join(", ")}. Ask about one of them by name, or describe a change.`;
  }
  if (/\b(thank|thanks|great|cool|nice|perfect)\b/.test(lower)) return "Glad to help. Describe the next thing you want built or changed whenever you are ready.";
  return `${ABOUT} ${OFFLINE}`;
}
