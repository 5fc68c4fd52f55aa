// Smoke test for deployments: start the server on a free port, add and list a __ENTITY__, stop.
import { startServer } from "../server.js";

const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
try {
  const page = await fetch(`${base}/health`);
  if (page.status !== 200) throw new Error(`GET /health answered ${page.status}`);
  const created = await fetch(`${base}/api/__ROUTE__`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "smoke test" }),
  });
  if (created.status !== 201) throw new Error(`POST /api/__ROUTE__ answered ${created.status}`);
  const list = await (await fetch(`${base}/api/__ROUTE__`)).json();
  if (!list.some((i) => i.title === "smoke test")) throw new Error("the new __ENTITY__ is not listed");
  console.log("smoke ok: health, create and list work");
} catch (err) {
  console.error(`smoke failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  server.close();
}
