import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { createApp } from "./src/app.js";
import { createStore } from "./src/store.js";

export function startServer({ port = 3000, store = createStore() } = {}) {
  const server = createServer(createApp({ store }));
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // DATA_FILE keeps __ENTITIES__ across restarts; without it they live in memory.
  const server = await startServer({ port: Number(process.env.PORT ?? 3000), store: createStore({ file: process.env.DATA_FILE }) });
  console.log(`__NAME__ on http://localhost:${server.address().port}`);
}
