import { generateText, Output, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { AGENT_TOOLS } from "@/lib/agent-tools";
import { IntakeDecision, PlanDraft, planProblems } from "@/lib/plan";
import { createOfflineModel, OFFLINE_MODEL_ID, OFFLINE_PROVIDER } from "./index";

// Intake and planning through the AI SDK, as the orchestrator calls them: the tag line, the project
// list, structured output validated against the shared zod schemas.

const model = createOfflineModel();

const INTAKE = `<aios purpose="intake"/>
You are the planner of AIOS. Classify the person's latest message.

Projects:
- project p_stock: Stock Price Dashboard — running
- project p_todo: Todo REST API — completed`;

async function intake(text: string, system = INTAKE, earlier: { role: "user" | "assistant"; content: string }[] = []) {
  const { output } = await generateText({ model, system, messages: [...earlier, { role: "user", content: text }], output: Output.object({ schema: IntakeDecision }) });
  return output;
}

const PLANNER = `<aios purpose="plan"/>
You are the planner (CTO) of a team of AI agents. Turn the request into a plan.`;

async function plan(message: string) {
  const r = await generateText({ model, system: PLANNER, messages: [{ role: "user", content: message }], output: Output.object({ schema: PlanDraft }) });
  return { plan: r.output, usage: r.usage };
}

const KNOWN = ["Build a web app that displays stock prices", "Create a REST API for a todo list with tests", "Write a command-line tool that converts CSV to JSON"];

describe("offline model: identity", () => {
  it("is a v3 language model named offline/aios-offline-1", () => {
    expect(model.specificationVersion).toBe("v3");
    expect(model.provider).toBe(OFFLINE_PROVIDER);
    expect(model.modelId).toBe(OFFLINE_MODEL_ID);
    expect(model.modelId).toBe("aios-offline-1");
  });
});

describe("offline model: intake", () => {
  it.each(KNOWN)("%s → a new project, no clarification", async (text) => {
    const d = await intake(text, `<aios purpose="intake"/>\nProjects:\n(no projects yet)`);
    expect(d).toMatchObject({ intent: "new_project", projectId: null, needsClarification: false });
  });

  it.each(["build something", "Make an app", "create a website", "Build me a tool please"])("vague %j → a specific clarifying question", async (text) => {
    const d = await intake(text);
    expect(d.intent).toBe("new_project");
    expect(d.needsClarification).toBe(true);
    expect(d.reply).toMatch(/\?/);
    expect(d.reply).toMatch(/for example/i);
  });

  it("asks about an app's purpose differently from a tool's", async () => {
    expect((await intake("make an app")).reply).toMatch(/What should the app do\?/);
    expect((await intake("write a tool")).reply).toMatch(/What should the tool do\?/);
    expect((await intake("create an API")).reply).toMatch(/What should the API manage\?/);
  });

  it("a status question names the project it is about", async () => {
    expect(await intake("How is the stock dashboard going?")).toMatchObject({ intent: "status_question", projectId: "p_stock" });
    expect(await intake("what's the status of the todo api")).toMatchObject({ intent: "status_question", projectId: "p_todo" });
    const unclear = await intake("What's the progress?");
    expect(unclear).toMatchObject({ intent: "status_question", projectId: null });
    expect(unclear.reply).toMatch(/Which project/);
  });

  it("a change to a named project is a change request with its id", async () => {
    expect(await intake("Add a volume column to the stock dashboard")).toMatchObject({ intent: "change_request", projectId: "p_stock" });
    expect(await intake("Make the todo API support due dates")).toMatchObject({ intent: "change_request", projectId: "p_todo" });
  });

  it("“make it …” refers to the project the conversation was about", async () => {
    const d = await intake("Also make it refresh every second", INTAKE, [
      { role: "user", content: "How is the stock dashboard going?" },
      { role: "assistant", content: "Stock Price Dashboard is running." },
    ]);
    expect(d).toMatchObject({ intent: "change_request", projectId: "p_stock" });
  });

  it("the answer to a clarifying question continues the new project", async () => {
    const question = (await intake("make an app")).reply;
    const d = await intake("It should let me track my running times", INTAKE, [
      { role: "user", content: "make an app" },
      { role: "assistant", content: question },
    ]);
    expect(d).toMatchObject({ intent: "new_project", needsClarification: false });
  });

  it("asking for a new project is not a change, even when a similar one exists", async () => {
    expect(await intake("Build a web app that displays stock prices")).toMatchObject({ intent: "new_project", needsClarification: false });
    expect(await intake("Build another todo API, a new one")).toMatchObject({ intent: "new_project" });
  });

  it("a general question gets a helpful answer that says it is the offline demo model", async () => {
    const d = await intake("What can you do?");
    expect(d).toMatchObject({ intent: "general_question", projectId: null, needsClarification: false });
    expect(d.reply).toMatch(/AIOS/);
    expect(d.reply).toMatch(/offline demo model/);
    expect((await intake("hello")).reply).toMatch(/^Hello!/);
  });

  it("is deterministic", async () => {
    expect(await intake("Add a chart to the stock dashboard")).toEqual(await intake("Add a chart to the stock dashboard"));
  });
});

describe("offline model: planning", () => {
  it.each(KNOWN)("%s → a specific, valid plan of 4–6 tasks", async (request) => {
    const { plan: p } = await plan(request);
    expect(PlanDraft.safeParse(p).success).toBe(true);
    expect(planProblems(p)).toEqual([]);
    expect(p.tasks.length).toBeGreaterThanOrEqual(4);
    expect(p.tasks.length).toBeLessThanOrEqual(6);
    expect(p.goal).toBe(`${request}.`);
    const roles = new Set(p.tasks.map((t) => t.role));
    for (const r of ["backend", "qa", "devops"]) expect(roles).toContain(r);
    for (const t of p.tasks) {
      expect(t.acceptanceCriteria.length).toBeGreaterThanOrEqual(3);
      expect(t.estimate.tokens).toBeGreaterThan(1000);
      expect(t.estimate.minutes).toBeGreaterThan(0);
    }
    // QA comes after all building, devops after QA.
    const qa = p.tasks.find((t) => t.role === "qa")!;
    const ship = p.tasks.find((t) => t.role === "devops")!;
    expect(ship.dependsOn).toContain(qa.key);
  });

  it("names the known projects", async () => {
    expect((await plan(KNOWN[0]!)).plan.name).toBe("Stock Price Dashboard");
    expect((await plan(KNOWN[1]!)).plan.name).toBe("Todo REST API");
    expect((await plan(KNOWN[2]!)).plan.name).toBe("CSV to JSON CLI");
    const stock = (await plan(KNOWN[0]!)).plan;
    expect(stock.tasks.find((t) => t.role === "frontend")?.description).toMatch(/\/api\/prices/);
  });

  it.each([
    ["Build a recipe manager for my family", "Family Recipe Manager", ["researcher", "backend", "frontend", "qa", "devops"]],
    ["Write a CLI to manage my bookmarks", "Bookmark Manager CLI", ["researcher", "backend", "qa", "devops"]],
    ["Create a REST API for books", "Book API", ["researcher", "backend", "qa", "devops"]],
  ])("any other request (%s) gets a plan derived from its words", async (request, name, roles) => {
    const { plan: p } = await plan(request);
    expect(PlanDraft.safeParse(p).success).toBe(true);
    expect(planProblems(p)).toEqual([]);
    expect(p.name).toBe(name);
    expect([...new Set(p.tasks.map((t) => t.role))]).toEqual(roles);
    expect(p.tasks[0]!.role).toBe("researcher");
    expect(p.tasks.at(-1)!.role).toBe("devops");
  });

  it.each([
    "app",
    "x",
    "Build a weather dashboard for my city",
    "Create a website for my bakery with a menu and opening hours",
    "Develop a service that shortens URLs",
    "I need a tool to rename photos by date",
    "Build an inventory system for a small warehouse",
    "Make a multiplayer chess game with a leaderboard!!!",
    "Écris une application pour gérer mes recettes",
    "Build a todo app",
    "Write a CSV viewer web page",
    "Create an API that returns stock quotes",
    "   ",
    "Build a platform for managing 10,000 IoT devices with realtime telemetry, alerting, RBAC and billing",
  ])("never fails on odd requests: %j", async (request) => {
    const { plan: p } = await plan(request);
    expect(PlanDraft.safeParse(p).success).toBe(true);
    expect(planProblems(p)).toEqual([]);
  });

  it("a change request plans only new tasks, with keys that do not collide", async () => {
    const message = `Add a volume column and a price history chart to the dashboard

This is a change to a running project. Existing tasks (do not repeat them; new keys must not collide; new tasks may depend on them):
- quote-source (researcher, succeeded): Choose the price source and API shape
- price-engine (backend, succeeded): Simulated market with deterministic prices
- prices-api (backend, succeeded): HTTP server with GET /api/prices
- dashboard-ui (frontend, succeeded): Price table that refreshes every few seconds
- qa-dashboard (qa, succeeded): Verify the page and the API work together
- ship (devops, succeeded): README, npm scripts, Dockerfile and a smoke check
- volume-column-price-history-chart (frontend, succeeded): an earlier change with the same words`;
    const { plan: p } = await plan(message);
    expect(PlanDraft.safeParse(p).success).toBe(true);
    const existing = ["quote-source", "price-engine", "prices-api", "dashboard-ui", "qa-dashboard", "ship", "volume-column-price-history-chart"];
    for (const t of p.tasks) expect(existing).not.toContain(t.key);
    expect(planProblems({ tasks: [...existing.map((key) => ({ key, dependsOn: [] })), ...p.tasks] as never })).toEqual([]);
    expect(p.tasks.map((t) => t.role)).toEqual(["backend", "frontend", "qa"]);
    expect(p.tasks[0]!.dependsOn).toEqual(["qa-dashboard"]);
    expect(p.summary).toMatch(/offline demo model/i);
  });

  it("is deterministic and reports usage from the prompt and answer sizes", async () => {
    const a = await plan(KNOWN[0]!);
    const b = await plan(KNOWN[0]!);
    expect(a.plan).toEqual(b.plan);
    expect(a.usage.inputTokens).toBeGreaterThan(PLANNER.length / 4);
    expect(a.usage.outputTokens).toBeCloseTo(Math.ceil(JSON.stringify(a.plan).length / 4), -1);
  });
});

describe("offline model: streaming", () => {
  it("streams structured output as text deltas with a finish and usage", async () => {
    const result = streamText({ model, system: PLANNER, messages: [{ role: "user", content: KNOWN[2]! }], output: Output.object({ schema: PlanDraft }) });
    const types = new Set<string>();
    let deltas = 0;
    for await (const part of result.fullStream) {
      types.add(part.type);
      if (part.type === "text-delta") deltas++;
    }
    expect(deltas).toBeGreaterThan(10);
    expect(types).toContain("finish");
    expect((await result.output).name).toBe("CSV to JSON CLI");
    expect((await result.usage).outputTokens).toBeGreaterThan(100);
  });

  it("honours delayMs and abort signals", async () => {
    const slow = createOfflineModel({ delayMs: 60 });
    const started = Date.now();
    await generateText({ model: slow, system: PLANNER, prompt: KNOWN[0]! });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    const controller = new AbortController();
    const pending = generateText({ model: slow, system: PLANNER, prompt: KNOWN[0]!, abortSignal: controller.signal, maxRetries: 0 });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });
});

describe("offline model: agent steps", () => {
  const tools = Object.fromEntries(Object.entries(AGENT_TOOLS).map(([name, t]) => [name, tool({ description: t.description, inputSchema: t.input as never })]));
  const system = '<aios purpose="agent" role="backend" task="price-engine" attempt="1"/>\nYou are the backend agent.';
  const prompt = "Project goal: Build a web app that displays stock prices.\n\nTask: Simulated market with deterministic prices\nImplement src/prices.js.";

  it("answers with exactly one tool call, deterministically, ids included", async () => {
    const a = await generateText({ model, system, prompt, tools });
    const b = await generateText({ model, system, prompt, tools });
    expect(a.toolCalls).toHaveLength(1);
    expect(a.toolCalls[0]).toMatchObject({ toolName: "list_files", input: {} });
    expect(a.toolCalls[0]!.toolCallId).toBe(b.toolCalls[0]!.toolCallId);
    expect(a.finishReason).toBe("tool-calls");
    expect(a.usage.inputTokens).toBeGreaterThan(500); // the tool schemas count as prompt
  });

  it("streams the tool call as input deltas and a tool-call part", async () => {
    const result = streamText({ model, system, prompt, tools });
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(parts).toContain("tool-input-start");
    expect(parts).toContain("tool-call");
    expect(await result.finishReason).toBe("tool-calls");
    expect((await result.toolCalls)[0]).toMatchObject({ toolName: "list_files" });
  });
});

describe("offline model: other purposes", () => {
  it("answers a chat without a tag in plain text", async () => {
    const { text } = await generateText({ model, prompt: "hi there" });
    expect(text).toMatch(/offline demo model/);
  });
});
