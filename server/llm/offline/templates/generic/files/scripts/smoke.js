// Smoke test for deployments: start the server on a private socket, add and list a __ENTITY__, stop.
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";

// A private Unix socket rather than a TCP port: the check also runs where there is no network.
const socket = socketPath();
const server = await startServer({ port: socket });
const api = clientFor(socket);
try {
  const page = await api("/health");
  if (page.status !== 200) throw new Error(`GET /health answered ${page.status}`);
  const created = await api("/api/__ROUTE__", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "smoke test" }),
  });
  if (created.status !== 201) throw new Error(`POST /api/__ROUTE__ answered ${created.status}`);
  const list = await (await api("/api/__ROUTE__")).json();
  if (!list.some((i) => i.title === "smoke test")) throw new Error("the new __ENTITY__ is not listed");
  console.log("smoke ok: health, create and list work");
} catch (err) {
  console.error(`smoke failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  server.close();
}
