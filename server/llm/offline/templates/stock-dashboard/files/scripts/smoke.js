// Smoke test for deployments: start the server on a free port, load the page and the API, stop.
import { startServer } from "../server.js";

const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
try {
  const page = await fetch(`${base}/`);
  if (page.status !== 200) throw new Error(`GET / answered ${page.status}`);
  const res = await fetch(`${base}/api/prices`);
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
