import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { withRequestContext } from "./http";

// Behind one trusted proxy the client address is the entry the proxy appended, never what the client wrote.
describe("client address behind a proxy", () => {
  it("takes the last X-Forwarded-For entry when the proxy is trusted, the socket otherwise", async () => {
    for (const trustProxy of [true, false]) {
      const seen: string[] = [];
      const server = createServer(
        withRequestContext(
          (req, res) => {
            seen.push(String(req.headers["x-aios-client-ip"]));
            res.end("ok");
          },
          { trustProxy, publicUrl: "http://127.0.0.1", allowedOrigins: [], bodyLimits: { default: 1024, chat: 1024 }, dev: false },
        ),
      );
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const { port } = server.address() as AddressInfo;
      await (await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { "x-forwarded-for": "6.6.6.6, 10.1.2.3" } })).text();
      // A malformed %-escape or an encoded NUL in the path never reaches the app (Next would answer 500).
      for (const bad of ["/api/projects/%ED%A0%80/zip", "/invite/%C0%AF", "/api/trpc/%zz", "/projects/%", "/api/projects/%00/zip"]) {
        const res = await fetch(`http://127.0.0.1:${port}${bad}`);
        expect(res.status, bad).toBe(400);
        expect((await res.json()).error).toBe("The address is not valid (a malformed %-escape or a NUL character).");
      }
      await new Promise((r) => server.close(r));
      expect(seen).toEqual([trustProxy ? "10.1.2.3" : "127.0.0.1"]);
    }
  });
});
