import { describe, expect, it } from "vitest";
import { toConversation } from "./messages";
import { fromZodError, OpenAiError } from "./openai-error";
import { chatCompletionRequest } from "./request-schema";
import { toOutputSchema, toToolChoice, toToolSpecs } from "./tools";

// The request half of the OpenAI-compatible endpoint: what a body is accepted as, what it becomes for
// the gateway, and the sentence a client reads when it is refused (OpenAI's param names, no schema dumps).

const user = { role: "user", content: "hi" } as const;

function refusal(body: unknown): { message: string; param: string | null; code: string | null } {
  const parsed = chatCompletionRequest.safeParse(body);
  if (parsed.success) throw new Error("accepted");
  const err = fromZodError(parsed.error);
  return { message: err.message, param: err.more.param ?? null, code: err.more.code ?? null };
}

function thrown(fn: () => unknown): OpenAiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OpenAiError) return err;
    throw err;
  }
  throw new Error("did not throw");
}

describe("the request body", () => {
  it("accepts what the official clients send, with the fields that change nothing", () => {
    const ok = chatCompletionRequest.safeParse({
      model: "aios/fast",
      messages: [{ role: "developer", content: "Be brief." }, user],
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
      n: 1,
      top_p: 1,
      user: "someone",
      seed: 7,
      max_completion_tokens: 100,
    });
    expect(ok.success).toBe(true);
  });

  it("refuses unknown fields by name, as OpenAI does", () => {
    expect(refusal({ model: "m", messages: [user], frobnicate: true })).toEqual({
      message: 'Unrecognized request argument supplied: "frobnicate".',
      param: "frobnicate",
      code: null,
    });
    expect(refusal({ model: "m", messages: [{ ...user, mood: "happy" }] }).message).toBe('Unrecognized request argument supplied in messages[0]: "mood".');
  });

  it("names the missing or wrong parameter in one sentence", () => {
    expect(refusal({ messages: [user] })).toEqual({ message: "Missing required parameter: 'model'.", param: "model", code: "missing_required_parameter" });
    expect(refusal({ model: "m", messages: [{ role: "wizard", content: "x" }] })).toMatchObject({ param: "messages[0].role" });
    expect(refusal({ model: "m", messages: [{ role: "wizard", content: "x" }] }).message).toMatch(/^Invalid value for 'messages\[0\]\.role': each message needs a role of system/);
    expect(refusal({ model: "m", messages: [user], temperature: 3 }).message).toMatch(/^Invalid value for 'temperature': .*2/);
    expect(refusal({ model: "m", messages: [user], n: 2 })).toMatchObject({ message: "Invalid value for 'n': only 1 is supported: this endpoint returns one choice per request (send several requests for several answers).", param: "n" });
    expect(refusal({ model: "m", messages: [user], logprobs: true })).toMatchObject({ param: "logprobs", message: expect.stringMatching(/log probabilities are not supported/) });
    expect(refusal({ model: "m", messages: [user], stop: ["a", "b", "c", "d", "e"] })).toMatchObject({ param: "stop", message: expect.stringMatching(/up to 4/) });
    expect(refusal({ model: "m", messages: [] }).param).toBe("messages");
    for (const body of [{ model: "m", messages: "hi" }, { model: 5, messages: [user] }, { model: "m", messages: [user], tools: [{ type: "function", function: { name: "bad name!" } }] }]) {
      expect(refusal(body).message).not.toMatch(/\{|"code"|ZodError|expected":/);
    }
  });
});

describe("messages → the gateway's system prompt and messages", () => {
  it("joins system and developer messages, keeps the turns, and names tool results by their call", () => {
    const conversation = toConversation([
      { role: "system", content: "You are terse." },
      { role: "developer", content: [{ type: "text", text: "Answer in English." }] },
      { role: "user", content: "Weather in Paris?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "18 °C" },
    ]);
    expect(conversation.system).toBe("You are terse.\n\nAnswer in English.");
    expect(conversation.messages).toEqual([
      { role: "user", content: "Weather in Paris?" },
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "call_1", toolName: "get_weather", input: { city: "Paris" } }] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "call_1", toolName: "get_weather", output: { type: "text", value: "18 °C" } }] },
    ]);
  });

  it("refuses a tool result without its call, arguments that are not JSON, and a conversation with no turn", () => {
    expect(thrown(() => toConversation([user, { role: "tool", tool_call_id: "nope", content: "x" }])).more.param).toBe("messages[1].tool_call_id");
    const bad = thrown(() => toConversation([user, { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{oops" } }] }]));
    expect([bad.status, bad.more.param]).toEqual([400, "messages[1].tool_calls[0].function.arguments"]);
    expect(thrown(() => toConversation([{ role: "system", content: "only me" }])).message).toMatch(/at least one message with role user/);
  });
});

describe("tools and response_format", () => {
  const tools = [
    { type: "function" as const, function: { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } },
    { type: "function" as const, function: { name: "get_time" } },
  ];

  it("offers every tool, none, or only the named one", () => {
    expect(Object.keys(toToolSpecs(tools, "auto")!)).toEqual(["get_weather", "get_time"]);
    expect(toToolSpecs(tools, "none")).toBeUndefined();
    expect(Object.keys(toToolSpecs(tools, { type: "function", function: { name: "get_time" } })!)).toEqual(["get_time"]);
    expect(toToolSpecs(tools, undefined)!.get_weather!.inputSchema).toHaveProperty("jsonSchema", tools[0]!.function.parameters);
    expect(toToolSpecs(tools, undefined)!.get_time!.inputSchema).toHaveProperty("jsonSchema", { type: "object", properties: {} });
  });

  it("forces \"required\" and a named function; \"auto\" and \"none\" force nothing", () => {
    expect(toToolChoice("required")).toBe("required");
    expect(toToolChoice({ type: "function", function: { name: "get_time" } })).toEqual({ type: "tool", toolName: "get_time" });
    expect([toToolChoice("auto"), toToolChoice("none"), toToolChoice(undefined)]).toEqual([undefined, undefined, undefined]);
  });

  it("refuses a tool_choice naming no tool, duplicate names and non-object schemas", () => {
    expect(thrown(() => toToolSpecs(tools, { type: "function", function: { name: "nope" } })).message).toBe(
      "Invalid value for 'tool_choice': the function 'nope' is not among the tools (get_weather, get_time).",
    );
    expect(thrown(() => toToolSpecs([tools[1]!, tools[1]!], "auto")).more.param).toBe("tools[1].function.name");
    expect(thrown(() => toToolSpecs([{ type: "function", function: { name: "f", parameters: { type: "string" } } }], "auto")).more.param).toBe("tools[0].function.parameters");
    expect(thrown(() => toToolSpecs(undefined, "required")).status).toBe(400);
  });

  it("turns json_schema and json_object into an output schema, text into none", () => {
    expect(toOutputSchema({ type: "text" })).toBeUndefined();
    expect(toOutputSchema({ type: "json_object" })).toHaveProperty("jsonSchema", { type: "object" });
    const schema = { type: "object", properties: { n: { type: "number" } }, required: ["n"], additionalProperties: false };
    expect(toOutputSchema({ type: "json_schema", json_schema: { name: "count", schema } })).toHaveProperty("jsonSchema", schema);
  });
});
