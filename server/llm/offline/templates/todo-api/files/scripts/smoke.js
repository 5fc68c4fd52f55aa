// Smoke test for deployments: start the API on a private socket, create, read and delete a todo, stop.
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";

// A private Unix socket rather than a TCP port: the check also runs where there is no network.
const socket = socketPath();
const server = await startServer({ port: socket });
const api = clientFor(socket);
try {
  const created = await api("/todos", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "smoke test" }),
  });
  if (created.status !== 201) throw new Error(`POST /todos answered ${created.status}`);
  const { id } = await created.json();
  const read = await api(`/todos/${id}`);
  if (read.status !== 200) throw new Error(`GET /todos/${id} answered ${read.status}`);
  const removed = await api(`/todos/${id}`, { method: "DELETE" });
  if (removed.status !== 204) throw new Error(`DELETE /todos/${id} answered ${removed.status}`);
  console.log("smoke ok: create, read and delete work");
} catch (err) {
  console.error(`smoke failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  server.close();
}
