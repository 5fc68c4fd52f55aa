import { readiness } from "@/server/diagnostics";

export const dynamic = "force-dynamic";

export async function GET() {
  const r = await readiness();
  return Response.json(
    { status: r.ok ? "ready" : "not_ready", database: r.database, queue: r.queue, migrations: r.migrations, mode: r.mode },
    { status: r.ok ? 200 : 503 },
  );
}
