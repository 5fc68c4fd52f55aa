/**
 * A timestamp as the database's `timestamp(3)` columns hold it (UTC wall clock, no zone), for raw SQL:
 * pass it as `${sqlTimestamp(d)}::timestamp` so the session's time zone never shifts it.
 */
export const sqlTimestamp = (d: Date): string => d.toISOString().replace("Z", "");
