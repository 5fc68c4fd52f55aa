// Process entry: `npm start` (web + workers, one process), `--role=web`, `--role=worker`, `--dev`.
import { createServer } from "node:http";

const args = process.argv.slice(2);
const dev = args.includes("--dev");
const role = (args.find((a) => a.startsWith("--role="))?.slice(7) ?? "all") as "all" | "web" | "worker";
const root = process.cwd();

async function main() {
  if (!["all", "web", "worker"].includes(role)) throw new Error(`Unknown --role=${role}: use web, worker or all.`);
  const { env } = await import("@/server/env");
  const { logger } = await import("@/server/observability/logger");
  if (role !== "all" && env.mode === "embedded") {
    throw new Error(`--role=${role} needs server mode: set DATABASE_URL to a Postgres database (embedded PGlite is one process).`);
  }
  process.env.NEXTAUTH_URL ??= env.publicUrl; // next-auth reads it itself
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const started = performance.now();

  const { prepareDatabase, closeDatabase } = await import("@/server/db");
  await prepareDatabase();
  const { authSecret } = await import("@/server/env");
  authSecret(); // create the embedded secret now, not in the middle of a request

  const { installEventSink } = await import("@/server/events");
  const { getBoss, stopQueue } = await import("@/server/queue");
  await getBoss();

  let closeWeb: () => Promise<void> = async () => {};
  if (role !== "worker") {
    if (!dev) (await import("@/server/boot/build")).ensureBuild(root, (m) => logger.info(m));
    const next = (await import("next")).default;
    const app = next({ dev, dir: root, hostname: "localhost", port: env.PORT, turbopack: dev });
    await app.prepare();
    // Only web processes create the AIOS_INIT_* owner (once, whoever is first). After Next is prepared:
    // the service imports modules that need Next's AsyncLocalStorage set up.
    await (await import("@/server/governance/init-owner")).runHeadlessInit();
    const { answerExpectContinue, withRequestContext } = await import("@/server/boot/http");
    const httpOptions = {
      trustProxy: env.AIOS_TRUST_PROXY,
      publicUrl: env.publicUrl,
      allowedOrigins: env.AIOS_ALLOWED_ORIGINS,
      bodyLimits: { default: env.AIOS_MAX_BODY_BYTES, chat: env.AIOS_MAX_CHAT_BODY_BYTES },
      dev,
    };
    const server = createServer(withRequestContext(app.getRequestHandler(), httpOptions));
    answerExpectContinue(server, httpOptions);
    const { attachRealtime, ioSink } = await import("@/server/realtime");
    const io = await attachRealtime(server);
    installEventSink(ioSink(io));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(env.PORT, env.HOST, resolve);
    });
    closeWeb = async () => {
      await io.close(); // also closes the HTTP server
    };
  } else {
    const { postgresEmitterSink } = await import("@/server/realtime");
    installEventSink(postgresEmitterSink());
  }

  if (role !== "web") await (await import("@/server/worker")).startJobWorkers();

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  logger.info(
    { mode: env.mode, role, dataDir: env.mode === "embedded" ? env.dataDir : undefined, seconds },
    role === "worker" ? "AIOS worker ready" : `AIOS ready on ${env.publicUrl}`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await closeWeb().catch(() => {});
    if (role !== "web") (await import("@/server/worker")).stopJobWorkers();
    await stopQueue().catch(() => {});
    await closeDatabase().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  // A readable reason, not a stack trace: configuration and environment problems land here.
  const message = err instanceof Error ? err.message : String(err);
  console.error(`\nAIOS could not start:\n${message}\n`);
  if (process.env.AIOS_DEBUG) console.error(err);
  process.exit(1);
});
