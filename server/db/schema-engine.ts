import "server-only";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine, SchemasContainer } from "@prisma/schema-engine-wasm";

type Runtime = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

// The wasm-bindgen glue keeps the instance in a module variable, so instantiate once per process
// (Next bundles a second module graph; a second instantiation would orphan live engines).
const g = globalThis as {
  __aiosSchemaEngine?: Promise<Runtime>;
  PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void };
};

let lastPanic: string | undefined;

async function loadRuntime(): Promise<Runtime> {
  g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => void (lastPanic = message) };
  const runtime = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmModule = await WebAssembly.compile(await readFile(join(dirname(glue), "schema_engine_bg.wasm")));
  const imports: Record<string, unknown> = { ...runtime };
  for (const name of Object.keys(imports).filter((n) => n.startsWith("__wbg_setTimeout_"))) {
    // The engine arms a 10 s timer around its advisory lock and never clears it, which keeps a
    // finished CLI or test process alive; long timers are timeouts, so they must not hold the loop.
    imports[name] = (callback: () => void, ms: number) => {
      const timer = setTimeout(callback, ms >>> 0);
      if (ms >>> 0 >= 1000) timer.unref();
      return timer;
    };
  }
  const instance = new WebAssembly.Instance(wasmModule, {
    "./schema_engine_bg.js": imports as WebAssembly.ModuleImports,
  });
  runtime.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") start();
  return runtime;
}

/** Engine errors arrive as plain objects or Errors; keep the engine's message without its trace. */
export function engineError(error: unknown, action: string): Error {
  const e = error as { message?: unknown; error_code?: unknown } | null;
  const raw = typeof e?.message === "string" ? e.message : lastPanic ?? JSON.stringify(error);
  // Drop the engine's Rust span trace ("   0: sql_schema_connector::… at …rs:113"): noise for users.
  const message = raw.split(/\n\s+0: /)[0]!.trim();
  const code = typeof e?.error_code === "string" ? ` [${e.error_code}]` : "";
  return new Error(`${action} failed${code}: ${message}`, { cause: error });
}

/** Runs `fn` with a schema engine bound to the given adapter factory and frees it afterwards. */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
  schemaFiles?: SchemasContainer,
): Promise<T> {
  const runtime = await (g.__aiosSchemaEngine ??= loadRuntime());
  // The schema only tells the engine the datasource's namespaces (multiSchema); optional otherwise.
  const datamodels = schemaFiles?.files.map((f): [string, string] => [f.path, f.content]);
  const engine = await runtime.SchemaEngine.new(
    { datamodels },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await fn(engine);
  } finally {
    if (lastPanic === undefined) engine.free();
    else {
      // Nothing in a wasm instance is safe to call after a panic: load a fresh one next time.
      g.__aiosSchemaEngine = undefined;
      lastPanic = undefined;
    }
  }
}
