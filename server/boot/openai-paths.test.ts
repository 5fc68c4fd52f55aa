import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { bodyLimitFor } from "./body-limit";
import { requiresJson } from "./content-type";
import { sendProblem } from "./respond";

// How the HTTP layer treats the OpenAI-compatible endpoint (/api/v1): JSON only, the chat body limit
// (whole conversations), and its own refusals in OpenAI's error format so OpenAI clients can read them.

describe("the HTTP layer on /api/v1", () => {
  it("requires JSON and allows the chat body limit there, and only there", () => {
    const limits = { default: 1024, chat: 4096 };
    expect(["/api/v1/chat/completions", "/api/v1/models", "/api/v1"].map((p) => [requiresJson(p), bodyLimitFor(p, limits)])).toEqual([
      [true, 4096],
      [true, 4096],
      [true, 4096],
    ]);
    expect([requiresJson("/api/v1x"), bodyLimitFor("/api/v1x", limits), bodyLimitFor("/api/projects/x/zip", limits)]).toEqual([false, 1024, 1024]);
  });

  it("answers a refusal in OpenAI's format on /api/v1 and in ours elsewhere", async () => {
    const server = createServer((req, res) => sendProblem(res, 413, "The request body is larger than this endpoint accepts (4 MiB at most).", req.url ?? ""));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const v1 = await fetch(`${base}/api/v1/chat/completions`);
      expect([v1.status, await v1.json()]).toEqual([
        413,
        { error: { message: "The request body is larger than this endpoint accepts (4 MiB at most).", type: "invalid_request_error", param: null, code: null } },
      ]);
      const other = await fetch(`${base}/api/chat`);
      expect(await other.json()).toEqual({ error: "The request body is larger than this endpoint accepts (4 MiB at most)." });
    } finally {
      server.close();
    }
  });
});
