import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { parseChatRequest } from "./message-input";
import { partsAsText, usableMessage, usableParts } from "./stored-parts";

const body = (parts: unknown, extra: object = {}) => ({ id: "chat-12345678", orgId: "org1", messages: [{ id: "m1", role: "user", parts }], ...extra });
const refusal = (raw: unknown) => {
  try {
    parseChatRequest(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    return (err as AppError).message;
  }
  throw new Error("accepted");
};

describe("parseChatRequest", () => {
  it("keeps only the newest message's text parts, without keys the browser added", () => {
    const r = parseChatRequest({
      ...body([{ type: "text", text: "Build a todo API", state: "done", providerMetadata: { x: 1 } }]),
      messages: [{ anything: "goes" }, { id: "m2", role: "user", parts: [{ type: "text", text: "  hello  ", extra: true }] }],
    });
    expect(r).toEqual({ chatId: "chat-12345678", orgId: "org1", message: { id: "m2", role: "user", parts: [{ type: "text", text: "  hello  " }] }, text: "hello" });
  });

  it("refuses what cannot be stored or shown, with a sentence", () => {
    expect(refusal(null)).toBe("The chat request is malformed.");
    expect(refusal(body([{ type: "file", url: "data:..." }]))).toBe('Messages can only contain text; a part of type "file" is not accepted.');
    expect(refusal(body([{ type: "x".repeat(100) }]))).toBe("Messages can only contain text parts.");
    expect(refusal(body([{ type: "text", text: 42 }]))).toMatch(/./);
    expect(refusal(body([{ type: "text", text: "a\u0000" }]))).toBe("The message contains a NUL character, which cannot be stored.");
    expect(refusal(body([]))).toBe("Write a message first.");
    expect(refusal({ ...body([{ type: "text", text: "hi" }]), messages: [] })).toBe("Write a message first.");
    expect(refusal({ ...body([{ type: "text", text: "hi" }]), messages: [{ id: "m\u0000", role: "user", parts: [{ type: "text", text: "hi" }] }] })).toBe("The message id is not valid.");
    expect(refusal(body(Array.from({ length: 3 }, () => ({ type: "text", text: "x".repeat(3000) }))))).toBe("That message is too long (8000 characters at most).");
  });
});

describe("stored parts", () => {
  it("keeps what this version can use and drops the rest", () => {
    expect(usableParts("nope")).toEqual([]);
    expect(usableParts([{ type: "text", text: "a" }, { type: "text" }, null, { type: "data-plan", data: {} }, { type: "reasoning", text: "b" }])).toEqual([{ type: "text", text: "a" }]);
    expect(usableMessage({ id: "m", role: "tool", parts: [{ type: "text", text: "a" }] })).toBeNull();
    expect(usableMessage({ id: "m", role: "assistant", parts: [{ type: "text" }] })).toBeNull();
    expect(partsAsText([{ type: "text", text: "x".repeat(50) }], 10)).toBe("x".repeat(10));
  });
});
