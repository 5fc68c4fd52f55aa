// Smoke test for deployments: start the API on a free port, create, read and delete a todo, stop.
import { startServer } from "../server.js";

const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
try {
  const created = await fetch(`${base}/todos`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "smoke test" }),
  });
  if (created.status !== 201) throw new Error(`POST /todos answered ${created.status}`);
  const { id } = await created.json();
  const read = await fetch(`${base}/todos/${id}`);
  if (read.status !== 200) throw new Error(`GET /todos/${id} answered ${read.status}`);
  const removed = await fetch(`${base}/todos/${id}`, { method: "DELETE" });
  if (removed.status !== 204) throw new Error(`DELETE /todos/${id} answered ${removed.status}`);
  console.log("smoke ok: create, read and delete work");
} catch (err) {
  console.error(`smoke failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  server.close();
}
