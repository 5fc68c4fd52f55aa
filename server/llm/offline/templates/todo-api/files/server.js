import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { createApp } from "./src/app.js";

export function startServer({ port = 3000, ...options } = {}) {
  const server = createServer(createApp(options));
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startServer({ port: Number(process.env.PORT ?? 3000) });
  console.log(`Todo API on http://localhost:${server.address().port}`);
}
