// Counts the SQL statements (round trips) a piece of work sends to Postgres, by wrapping pg's
// Client.query while it runs. Server mode only (PGlite has no pg client); BEGIN and COMMIT count too,
// as they are round trips as well. The work must run alone (nothing else querying meanwhile).
import pg from "pg";

type Query = (...args: unknown[]) => unknown;

export async function countStatements(work: () => Promise<void>): Promise<number> {
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  let count = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return count;
}
