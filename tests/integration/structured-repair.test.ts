import { afterEach, describe, expect, it } from "vitest";
import { describeEvent } from "@/components/activity/describe-event";
import { CostedPlan } from "@/lib/plan";
import { toLiveEvent } from "@/server/events";
import { db } from "@/server/db";
import { configureProviders, parseLlmConfig } from "@/server/llm";
import { startLoopbackOpenAI, type Loopback, type LoopbackReply, type LoopbackRequest } from "@/tests/helpers/loopback-openai";
import { chatId, postChat, say } from "./chat-helpers";
import { orgWithRoles } from "./fixtures";

// An imperfect OpenAI-compatible model (a loopback stand-in speaking the real Chat Completions
// protocol, through the real @ai-sdk/openai-compatible client) plans a project in chat. Near misses
// are repaired and shown; broken answers are asked again; hopeless ones end in a sentence, not a dump.

let loopback: Loopback | null = null;

afterEach(async () => {
  configureProviders(null);
  await loopback?.close();
  loopback = null;
});

const REQUEST = "Build a greeter: a small service that says hello, and a page that shows it";

const systemOf = (req: LoopbackRequest): string => {
  const first = req.body.messages?.[0];
  return first?.role === "system" ? String(first.content) : "";
};
const isPlanning = (req: LoopbackRequest) => systemOf(req).includes('<aios purpose="plan"/>');

/** Intake is imperfect too: fenced, the intent spelled like a title, a boolean as text, fields left out. */
const INTAKE: LoopbackReply = { text: '```json\n{"intent": "New Project", "needsClarification": "false"}\n```' };

const task = (key: string, role: string, dependsOn: string[], title: string) => ({
  key,
  title,
  role,
  description: `${title}, with tests written with node:test.`,
  acceptanceCriteria: ["npm test passes"],
  dependsOn,
  estimate: { tokens: 4000, minutes: 6 },
});

/** The motivating answer: right in substance, wrong in form (fence, "Greeter" keys, "Frontend" role). */
const NEAR_MISS = [
  "Here is the plan:",
  "```json",
  JSON.stringify(
    {
      name: "Greeter",
      goal: "Greet people by name",
      summary: "A hello service and a page that shows its greeting.",
      tasks: [
        task("Greeter", "backend", [], "Write the greeter service"),
        task("Greeter-Page", "Frontend", ["Greeter"], "Show the greeting on a page"),
        task("QA", "QA Engineer", ["Greeter", "Greeter-Page"], "Check the greeting end to end"),
      ],
    },
    null,
    2,
  ),
  "```",
].join("\n");

const VALID = JSON.stringify({
  name: "Greeter",
  goal: "Greet people by name",
  summary: "A hello service and a page that shows its greeting.",
  tasks: [task("greeter", "backend", [], "Write the greeter service"), task("qa", "qa", ["greeter"], "Check the greeting end to end")],
});

/** Points every tier at the stand-in: intake gets `intake`, planning gets `plans` in order. */
async function imperfectModel(plans: string[], intake: (req: LoopbackRequest) => LoopbackReply = () => INTAKE) {
  let planned = 0;
  loopback = await startLoopbackOpenAI({
    script: (req) => (isPlanning(req) ? { text: plans[Math.min(planned++, plans.length - 1)]!, usage: { inputTokens: 900, outputTokens: 300 } } : intake(req)),
  });
  const model = "compatible:imperfect-llama";
  configureProviders({
    ...parseLlmConfig({ AIOS_OPENAI_COMPATIBLE_URL: loopback.url, AIOS_OPENAI_COMPATIBLE_NAME: "imperfect", AIOS_MODEL_FAST: model, AIOS_MODEL_STANDARD: model, AIOS_MODEL_DEEP: model }),
    maxRetries: 0,
  });
  return loopback;
}

async function planInChat() {
  const fx = await orgWithRoles();
  const conversation = chatId();
  const res = await postChat(fx.people.member.sessionId, say(fx.org.id, conversation, REQUEST));
  const card = res.chunks.find((c) => c.type === "data-plan")?.data as { projectId: string; plan: CostedPlan } | undefined;
  const planningCalls = await db.llmCall.findMany({ where: { orgId: fx.org.id, purpose: "planning" }, orderBy: { createdAt: "asc" } });
  return { fx, res, card, planningCalls };
}

describe("structured output from an imperfect model", () => {
  it("repairs a fenced plan with wrong-case keys and a role named like a job title, and lists the repairs", async () => {
    await imperfectModel([NEAR_MISS]);
    const { res, card, planningCalls } = await planInChat();

    expect(res.error).toBeUndefined();
    expect(card).toBeDefined();
    const project = await db.project.findUniqueOrThrow({ where: { id: card!.projectId } });
    const stored = project.plan as CostedPlan;
    expect(stored.tasks.map((t) => [t.key, t.role, t.dependsOn])).toEqual([
      ["greeter", "backend", []],
      ["greeter-page", "frontend", ["greeter"]],
      ["qa", "qa", ["greeter", "greeter-page"]],
    ]);
    // The prose before the fence goes with the fence.
    expect(stored.repairs).toEqual([
      "stripped a ```json fence",
      'task key "Greeter" → "greeter"',
      'task key "Greeter-Page" → "greeter-page"',
      'task key "QA" → "qa"',
      'task "greeter-page": role "Frontend" → "frontend"',
      'task "greeter-page": dependency "Greeter" → "greeter"',
      'task "qa": role "QA Engineer" → "qa"',
      'task "qa": dependency "Greeter" → "greeter"',
      'task "qa": dependency "Greeter-Page" → "greeter-page"',
    ]);
    expect(card!.plan.repairs).toEqual(stored.repairs);
    // Repaired, not re-asked: one planning call, recorded as a success (and one intake call, repaired too).
    expect(planningCalls.map((c) => c.status)).toEqual(["ok"]);
    expect(await db.llmCall.count({ where: { orgId: project.orgId, purpose: "intake", status: "ok" } })).toBe(1);
    // Both repairs are on record: intake's in the org stream (it has no card), the plan's in the project's.
    const events = await db.event.findMany({ where: { orgId: project.orgId, type: "answer.repaired" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.projectId, e.payload])).toEqual([
      [null, { purpose: "intake", repairs: ["stripped a ```json fence", 'intent "New Project" → "new_project"'], by: expect.any(String) }],
      [project.id, { purpose: "planning", repairs: stored.repairs, by: expect.any(String) }],
    ]);
    const line = describeEvent(toLiveEvent(events[0]!));
    expect(line.text).toMatch(/^AIOS fixed 2 small problems in the model's reading of .+'s message: stripped a ```json fence; intent "New Project" → "new_project"$/);
  });

  it("asks again with the problems listed when the first answer is not JSON, and uses the second", async () => {
    const server = await imperfectModel(["I would suggest a greeter service and a QA pass.", VALID]);
    const { res, card, planningCalls } = await planInChat();

    expect(res.error).toBeUndefined();
    expect(card!.plan.tasks.map((t) => t.key)).toEqual(["greeter", "qa"]);
    expect(card!.plan.repairs).toEqual(["asked the model again: answer 1 the answer has no JSON object in it"]);
    // Every attempt is its own LlmCall, costed.
    expect(planningCalls).toHaveLength(2);
    expect(planningCalls.every((c) => c.status === "ok" && c.tokensIn === 900 && c.tokensOut === 300)).toBe(true);
    // The re-ask showed the model its own answer and the problem, as a list.
    const reask = server.requests.filter(isPlanning)[1]!.body.messages as { role: string; content: string }[];
    expect(reask.at(-2)).toMatchObject({ role: "assistant", content: "I would suggest a greeter service and a QA pass." });
    expect(reask.at(-1)!.content).toBe("Your answer could not be used:\n- the answer has no JSON object in it\nAnswer again with the whole corrected JSON object only.");
  });

  it("refuses a plan cut off at the output limit that JSON repair would close into a shorter plan, and asks for a shorter answer", async () => {
    const full = JSON.stringify({
      name: "Greeter",
      goal: "Greet people by name",
      summary: "A hello service and a page that shows its greeting.",
      tasks: [task("greeter", "backend", [], "Write the greeter service"), task("greeter-page", "frontend", ["greeter"], "Show the greeting on a page")],
    });
    // Cut just after the first task: jsonrepair closes it into a valid plan with that task only.
    const cut = full.slice(0, full.indexOf('{"key":"greeter-page"'));
    let planned = 0;
    loopback = await startLoopbackOpenAI({
      script: (req) =>
        !isPlanning(req) ? INTAKE : planned++ === 0 ? { text: cut, finishReason: "length", usage: { inputTokens: 900, outputTokens: 4096 } } : { text: VALID, usage: { inputTokens: 900, outputTokens: 300 } },
    });
    configureProviders({
      ...parseLlmConfig({ AIOS_OPENAI_COMPATIBLE_URL: loopback.url, AIOS_OPENAI_COMPATIBLE_NAME: "imperfect", AIOS_MODEL_FAST: "compatible:m", AIOS_MODEL_STANDARD: "compatible:m", AIOS_MODEL_DEEP: "compatible:m" }),
      maxRetries: 0,
    });
    const { res, card, planningCalls } = await planInChat();

    expect(res.error).toBeUndefined();
    // The second, complete answer, not the one-task plan the repair would have made of the first.
    expect(card!.plan.tasks.map((t) => t.key)).toEqual(["greeter", "qa"]);
    expect(card!.plan.repairs).toEqual(["asked the model again: answer 1 the answer was cut off at the output limit"]);
    expect(planningCalls).toHaveLength(2);
    const reask = loopback.requests.filter(isPlanning)[1]!.body.messages as { role: string; content: string }[];
    expect(reask.at(-2)).toMatchObject({ role: "assistant", content: cut });
    expect(reask.at(-1)!.content).toMatch(/^Your answer could not be used:\n- your answer was cut off at the output limit, so it is incomplete; answer shorter/);
  });

  it("gives up after three unusable answers with a sentence a person understands, and stores no plan", async () => {
    const noRole = JSON.stringify({
      name: "Greeter",
      goal: "Greet people by name",
      summary: "A hello service.",
      tasks: [task("greeter", "backend", [], "Write the greeter service"), { ...task("qa", "qa", ["greeter"], "Check it end to end"), role: undefined }],
    });
    const server = await imperfectModel(["{ not json", noRole, noRole]);
    const { fx, res, card, planningCalls } = await planInChat();

    expect(card).toBeUndefined();
    expect(res.error).toBe("The model's plan could not be used after 3 attempts: task 2 has no role. Try again, or choose a stronger model in Admin → Models.");
    expect(res.error).not.toMatch(/Invalid input|expected|received|ZodError|\[\{/);
    expect(planningCalls).toHaveLength(3);
    // Nothing half-written: the org still has only the fixture's project.
    expect(await db.project.findMany({ where: { orgId: fx.org.id }, select: { id: true } })).toEqual([{ id: fx.project.id }]);
    // The model heard the problem in path form, to fix the exact field.
    const last = server.requests.filter(isPlanning).at(-1)!.body.messages as { content: string }[];
    expect(last.at(-1)!.content).toContain("- tasks[1].role: is missing");
  });

  it("repairs a change to a running project: keys and roles fixed, a dependency on an existing task by its spelling", async () => {
    const fx = await orgWithRoles();
    const project = await db.project.create({ data: { orgId: fx.org.id, name: "Notes editor", goal: "Edit notes", status: "completed" } });
    await db.task.create({
      data: { orgId: fx.org.id, projectId: project.id, key: "editor", title: "Task editor", role: "frontend", description: "The editor task.", dependsOn: [], status: "succeeded", attempt: 1 },
    });
    const change = JSON.stringify({
      name: "Change: preview",
      goal: "Preview notes as markdown",
      summary: "Adds a live preview next to the editor.",
      tasks: [task("Preview", "Front-end", ["Editor", "Database"], "Add a live markdown preview")],
    });
    // Intake names the project it read from the prompt's list, with the intent spelled loosely.
    await imperfectModel([change], (req) => ({
      text: JSON.stringify({ intent: "Change Request", projectId: /- project (\S+): Notes editor/.exec(systemOf(req))![1], needsClarification: false, reply: "" }),
    }));
    const res = await postChat(fx.people.member.sessionId, say(fx.org.id, chatId(), "Add a live markdown preview to the notes editor"));

    expect(res.error).toBeUndefined();
    const card = res.chunks.find((c) => c.type === "data-plan")?.data as { changeId: string; plan: CostedPlan };
    const stored = CostedPlan.parse((await db.changeRequest.findUniqueOrThrow({ where: { id: card.changeId } })).plan);
    expect(stored.tasks.map((t) => [t.key, t.role, t.dependsOn])).toEqual([["preview", "frontend", ["editor"]]]);
    expect(stored.repairs).toEqual([
      'task key "Preview" → "preview"',
      'task "preview": role "Front-end" → "frontend"',
      'task "preview": dependency "Editor" → "editor"',
      'task "preview": dropped the dependency on unknown task "Database"',
    ]);
    const repaired = await db.event.findMany({ where: { projectId: project.id, type: "answer.repaired" } });
    expect(repaired.map((e) => e.payload)).toEqual([{ purpose: "planning", repairs: stored.repairs, by: expect.any(String) }]);
    expect(describeEvent(toLiveEvent(repaired[0]!)).text).toMatch(/^AIOS fixed 4 small problems in the model's plan: task key "Preview" → "preview"; /);
  });
});
