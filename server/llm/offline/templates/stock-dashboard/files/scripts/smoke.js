// Smoke test for deployments: start the server on a private socket, load the page and the API, stop.
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";

// A private Unix socket rather than a TCP port: the check also runs where there is no network.
const socket = socketPath();
const server = await startServer({ port: socket });
const api = clientFor(socket);
try {
  const page = await api("/");
  if (page.status !== 200) throw new Error(`GET / answered ${page.status}`);
  const res = await api("/api/prices");
  if (res.status !== 200) throw new Error(`GET /api/prices answered ${res.status}`);
  const { quotes } = await res.json();
  if (!Array.isArray(quotes) || quotes.length === 0) throw new Error("GET /api/prices returned no quotes");
  console.log(`smoke ok: ${quotes.length} quotes, page ${page.headers.get("content-type")}`);
} catch (err) {
  console.error(`smoke failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  server.close();
}
