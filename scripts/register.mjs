// Node (outside Next's bundler) resolves `server-only` to a module that throws. Our own process
// entries (server.ts, scripts, tests, benches) are server code by definition, so map it to nothing.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  return next(specifier, context);
}`),
);
