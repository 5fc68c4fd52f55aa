export const dynamic = "force-dynamic";

/** Liveness: the process answers. Readiness (database, queue, migrations) is /api/health/ready. */
export function GET() {
  return Response.json({ status: "ok", time: new Date().toISOString() });
}
