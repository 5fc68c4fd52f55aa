// Test stand-in for an imperfect model provider (loopback): the offline-model-backed OpenAI loopback
// (loopback-offline.ts) with the slips real models make, each once, at a scripted point:
//
//   fenced-json        the first intake answer comes in a ```json fence with prose around it
//   invalid-json       the first plan answer has "role"= where a colon belongs (not JSON, not repairable) …
//   wrong-case-plan    … and the answer to the re-ask has keys like "Quote-Source" and roles like "Backend"
//   repeat-loop        the first agent step that lists files repeats that identical call until the
//                      run warns it (text "Try something different"), or for ever with `ignoreWarnings`
//   tool-alias         the first write_file is called "writeFile" (a name that maps to one tool)
//   invalid-argument   a write_file without its content (in a task with no other mistake)
//   unknown-tool       a call to "deploy", a tool no agent has (in a task with no other mistake)
//   huge-output        a QA task first runs a command that prints about 200 KB
//   truncated-stream   the first streamed answer (stream: true) ends before its first token
//   garbage-stream     the next streamed answer is a 200 whose body is not server-sent JSON
//
// The stand-in remembers its slips: before asking the offline model for the next answer it takes them out
// of the conversation (a renamed call gets its real name back; a bad answer and its re-ask, a refused call
// and the loop's repeats are dropped), so the demo continues as the offline model planned it.
import type { ServerResponse } from "node:http";
import { callOptionsOf, offlineAnswer, purposeOf, agentTagOf, type OfflineAnswer } from "./loopback-offline";
import { startLoopbackOpenAI, type Loopback, type LoopbackControl, type LoopbackReply, type LoopbackRequest } from "./loopback-openai";

export const SLIP_KINDS = [
  "fenced-json",
  "invalid-json",
  "wrong-case-plan",
  "repeat-loop",
  "tool-alias",
  "invalid-argument",
  "unknown-tool",
  "huge-output",
  "truncated-stream",
  "garbage-stream",
] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];

export type Slip = { kind: SlipKind; requestIndex: number; taskKey?: string; role?: string; toolCallId?: string; detail?: string };

export type ImperfectLoopback = Loopback & {
  /** Every slip made, in order (a repeat-loop slip once per repeated call). */
  slips: Slip[];
  made(kind: SlipKind): Slip[];
};

/** The command of the huge-output slip: about 200 KB of numbered lines. */
export const HUGE_COMMAND = `node -e "for (let i = 0; i < 4000; i++) console.log('line ' + i + ' ' + 'x'.repeat(40))"`;
/** What the run says to a model that repeats itself (server/agents/guards/stuck.ts). */
const WARNING = /try something different|try a different approach/i;

type Msg = { role: string; content?: unknown; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string };

const contentText = (c: unknown) => (typeof c === "string" ? c : Array.isArray(c) ? c.map((p: { text?: string }) => p.text ?? "").join("") : "");

/** "quote-source" → "Quote-Source", as a model that title-cases names writes it. */
const titleCase = (key: string) => key.replace(/(^|-)([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export async function startLoopbackImperfect(
  opts: {
    /** Which slips to make (default: all). */
    slips?: readonly SlipKind[];
    /** The repeat loop never listens to the warning (so the run must stop it). */
    ignoreWarnings?: boolean;
    /** Repeats of the loop before giving up on being warned (default 8). */
    loopLimit?: number;
    /**
     * Agent runs are answered from everything this stand-in has seen of the run, not only from what the
     * request carries: the offline model replays a run's exact calls and results and cannot read a
     * summary, so with masked or condensed history (a small context window) it would start over. A real
     * model continues from the summary; this gives the stand-in the same ability.
     */
    memory?: boolean;
  } = {},
): Promise<ImperfectLoopback> {
  const enabled = new Set<SlipKind>(opts.slips ?? SLIP_KINDS);
  const slips: Slip[] = [];
  const made = (kind: SlipKind) => slips.filter((s) => s.kind === kind);
  /** Answers that were slips (their text), and tool calls that were slips (by id → how to heal them). */
  const badTexts = new Set<string>();
  const slipCalls = new Map<string, { heal: "rename"; to: string } | { heal: "drop" }>();
  /** Task keys that already hosted a mistake slip (keeps the mistake budget out of these tests). */
  const mistakeHosts = new Set<string>();
  let callSeq = 0;
  const loop = { taskKey: null as string | null, call: null as { name: string; input: unknown } | null, repeats: 0, done: false };

  const slipId = () => `call_slip_${++callSeq}`;
  const once = (kind: SlipKind) => enabled.has(kind) && made(kind).length === 0;

  /** Per agent run (tag and brief): every tool call it made, in order, with the fullest result seen. */
  const runs = new Map<string, { order: string[]; calls: Map<string, Msg>; results: Map<string, Msg> }>();

  const runKey = (messages: Msg[]) =>
    `${messages
      .filter((m) => m.role === "system")
      .map((m) => contentText(m.content))
      .join("\n")}\n${contentText(messages.find((m) => m.role === "user")?.content)}`;
  const runOf = (key: string) => {
    let run = runs.get(key);
    if (!run) runs.set(key, (run = { order: [], calls: new Map(), results: new Map() }));
    return run;
  };

  /** Remembers the calls exactly as this stand-in sent them (the run may later show them masked). */
  function rememberAnswer(req: LoopbackRequest, reply: OfflineAnswer) {
    const run = runOf(runKey((req.body?.messages as Msg[]) ?? []));
    for (const c of reply.toolCalls ?? []) {
      const id = c.id!;
      if (run.calls.has(id)) continue;
      run.order.push(id);
      run.calls.set(id, { role: "assistant", content: null, tool_calls: [{ id, function: { name: c.name, arguments: JSON.stringify(c.input) } }] });
    }
  }

  /** The run's whole history from memory, then whatever this request adds after its last tool result. */
  function remembered(req: LoopbackRequest): { messages: Msg[] } {
    const messages = (req.body?.messages as Msg[]) ?? [];
    const system = messages.filter((m) => m.role === "system");
    const brief = messages.find((m) => m.role === "user");
    const run = runOf(runKey(messages));
    for (const m of messages) {
      if (m.role === "assistant") {
        for (const c of m.tool_calls ?? []) {
          if (run.calls.has(c.id)) continue;
          run.order.push(c.id);
          run.calls.set(c.id, { role: "assistant", content: null, tool_calls: [c] });
        }
      } else if (m.role === "tool" && m.tool_call_id) {
        const seen = run.results.get(m.tool_call_id);
        // A masked observation is shorter than the one first seen: keep the longer.
        if (!seen || contentText(m.content).length > contentText(seen.content).length) run.results.set(m.tool_call_id, m);
      }
    }
    const lastTool = messages.map((m) => m.role).lastIndexOf("tool");
    const after = messages.slice(lastTool + 1).filter((m) => m.role === "user" && m !== brief);
    const history = run.order.flatMap((id) => [run.calls.get(id)!, ...(run.results.has(id) ? [run.results.get(id)!] : [])]);
    return { messages: [...system, ...(brief ? [brief] : []), ...history, ...after] };
  }

  /** The conversation without this stand-in's own slips, as the offline model should see it. */
  function heal(body: { messages?: Msg[] }): { messages: Msg[] } {
    const out: Msg[] = [];
    for (const m of body.messages ?? []) {
      // A bad structured answer: it and the re-ask after it go (the re-ask is answered from the original question).
      if (m.role === "assistant" && badTexts.has(contentText(m.content))) break;
      if (m.role === "assistant" && m.tool_calls?.length) {
        const calls = m.tool_calls
          .filter((c) => slipCalls.get(c.id)?.heal !== "drop")
          .map((c) => {
            const s = slipCalls.get(c.id);
            return s?.heal === "rename" ? { ...c, function: { ...c.function, name: s.to } } : c;
          });
        if (!calls.length && !contentText(m.content).trim()) continue;
        out.push({ ...m, tool_calls: calls.length ? calls : undefined });
        continue;
      }
      if (m.role === "tool" && m.tool_call_id && slipCalls.get(m.tool_call_id)?.heal === "drop") continue;
      out.push(m);
    }
    return { ...body, messages: out };
  }

  function structuredSlip(req: LoopbackRequest, purpose: string, answer: OfflineAnswer): OfflineAnswer {
    const text = answer.text ?? "";
    const reask = (req.body?.messages as Msg[]).some((m) => m.role === "assistant" && badTexts.has(contentText(m.content)));
    const bad = (kind: SlipKind, slipped: string, detail?: string): OfflineAnswer => {
      badTexts.add(slipped);
      slips.push({ kind, requestIndex: req.index, ...(detail ? { detail } : {}) });
      return { ...answer, text: slipped };
    };
    if (purpose === "intake" && !reask && once("fenced-json")) {
      const pretty = JSON.stringify(JSON.parse(text), null, 2);
      // Valid once the fence and prose are stripped: the point is the repair, not a re-ask.
      const slipped = `Sure! Here is how I classify that message:\n\n\`\`\`json\n${pretty}\n\`\`\`\n\nLet me know if you want anything else.`;
      slips.push({ kind: "fenced-json", requestIndex: req.index });
      return { ...answer, text: slipped };
    }
    if (purpose === "plan" && !reask && once("invalid-json")) {
      // A typo no JSON repair can guess (a cut-off answer would be closed by the repair and pass as a shorter plan).
      return bad("invalid-json", text.replace('"role":', '"role"='));
    }
    if (purpose === "plan" && once("wrong-case-plan")) {
      const plan = JSON.parse(text) as { tasks: { key: string; role: string; dependsOn?: string[] }[] };
      for (const t of plan.tasks) {
        t.key = titleCase(t.key);
        t.role = capitalise(t.role);
        t.dependsOn = (t.dependsOn ?? []).map(titleCase);
      }
      slips.push({ kind: "wrong-case-plan", requestIndex: req.index, detail: plan.tasks.map((t) => `${t.key} (${t.role})`).join(", ") });
      return { ...answer, text: JSON.stringify(plan) };
    }
    return answer;
  }

  function agentSlip(req: LoopbackRequest, answer: OfflineAnswer): OfflineAnswer {
    const tag = agentTagOf(req)!;
    const taskKey = tag.task ?? "";
    const where = { requestIndex: req.index, taskKey, role: tag.role };
    const next = answer.toolCalls?.[0];
    if (!next) return answer;
    const asCall = (name: string, input: unknown, kind: SlipKind, heal: { heal: "rename"; to: string } | { heal: "drop" }, detail?: string): OfflineAnswer => {
      const id = slipId();
      slipCalls.set(id, heal);
      slips.push({ kind, ...where, toolCallId: id, ...(detail ? { detail } : {}) });
      return { toolCalls: [{ id, name, input }], usage: answer.usage, finishReason: "tool_calls" };
    };

    // The repeat loop: once started in a task, that task's steps repeat the identical call until warned.
    if (loop.taskKey === taskKey && !loop.done) {
      const messages = (req.body?.messages as Msg[]) ?? [];
      const warned = messages.some((m) => (m.role === "user" || m.role === "tool" || m.role === "system") && WARNING.test(contentText(m.content)));
      if ((warned && !opts.ignoreWarnings) || loop.repeats >= (opts.loopLimit ?? 8)) loop.done = true;
      else {
        loop.repeats++;
        return asCall(loop.call!.name, loop.call!.input, "repeat-loop", { heal: "drop" }, `repeat ${loop.repeats}`);
      }
    }
    if (next.name === "list_files" && loop.taskKey === null && enabled.has("repeat-loop")) {
      // The offline model's own list_files goes out as it is; the following steps repeat it.
      loop.taskKey = taskKey;
      loop.call = { name: next.name, input: next.input };
      return answer;
    }
    if (next.name === "write_file" && once("tool-alias")) {
      return asCall("writeFile", next.input, "tool-alias", { heal: "rename", to: "write_file" });
    }
    if (next.name === "write_file" && !mistakeHosts.has(taskKey) && made("tool-alias").length && once("invalid-argument")) {
      mistakeHosts.add(taskKey);
      const { content: _content, ...rest } = next.input as Record<string, unknown>;
      return asCall("write_file", rest, "invalid-argument", { heal: "drop" }, "write_file without content");
    }
    if (next.name === "run_command" && tag.role === "qa" && once("huge-output")) {
      return asCall("run_command", { command: HUGE_COMMAND }, "huge-output", { heal: "drop" });
    }
    if (next.name === "run_command" && !mistakeHosts.has(taskKey) && once("unknown-tool")) {
      mistakeHosts.add(taskKey);
      return asCall("deploy", { target: "production" }, "unknown-tool", { heal: "drop" });
    }
    return answer;
  }

  function streamSlip(req: LoopbackRequest): LoopbackControl | null {
    if (!req.body?.stream) return null;
    // Each enabled stream slip takes the next streamed request, in this order.
    if (once("truncated-stream")) {
      slips.push({ kind: "truncated-stream", requestIndex: req.index });
      return { raw: (res: ServerResponse) => cut(res) };
    }
    if (once("garbage-stream")) {
      slips.push({ kind: "garbage-stream", requestIndex: req.index });
      return { raw: (res: ServerResponse) => garbage(res) };
    }
    return null;
  }

  const loopback = await startLoopbackOpenAI({
    script: async (req): Promise<LoopbackReply | LoopbackControl> => {
      const control = streamSlip(req);
      if (control) return control;
      const purpose = purposeOf(req);
      const conversation = opts.memory && purpose === "agent" ? remembered(req) : (req.body as { messages?: Msg[] });
      const answer = await offlineAnswer({ ...req.body, ...heal(conversation) } as Parameters<typeof callOptionsOf>[0]);
      if (purpose === "intake" || purpose === "plan") return structuredSlip(req, purpose, answer);
      if (purpose === "agent") {
        const reply = agentSlip(req, answer);
        if (opts.memory) rememberAnswer(req, reply);
        return reply;
      }
      return answer;
    },
  });
  return { ...loopback, slips, made };
}

/** A stream that stops before its first token: the headers, a comment line, then the connection drops. */
function cut(res: ServerResponse) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(": thinking\n\n", () => res.destroy());
}

/** A stream that stops part-way: some text went out, then the connection drops. */
function cutAfterText(res: ServerResponse) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = (delta: Record<string, unknown>) =>
    `data: ${JSON.stringify({ id: "chatcmpl-cut", object: "chat.completion.chunk", created: 1_700_000_000, model: "m", choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
  res.write(chunk({ role: "assistant", content: "" }) + chunk({ content: "I will start by listing " }), () => res.destroy());
}

/** A 200 event stream whose data lines are not JSON (an HTML error page from a proxy). */
function garbage(res: ServerResponse) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.end("data: <html><body><h1>502 Bad Gateway</h1></body></html>\n\ndata: [DONE]\n\n");
}

/** The broken streams, for tests that script them directly. */
export const BROKEN_STREAMS = { cutBeforeFirstToken: cut, cutAfterText, garbage } as const;
