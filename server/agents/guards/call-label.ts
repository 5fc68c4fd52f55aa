import "server-only";

/** A call as a person reads it: `read_file src/a.ts`, `run_command "npm test"`, `list_files`. */
export function callLabel(tool: string, input: unknown): string {
  const i = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const arg = typeof i.path === "string" ? i.path : typeof i.command === "string" ? `"${i.command}"` : "";
  const short = arg.length > 80 ? `${arg.slice(0, 79)}…` : arg;
  return short ? `${tool} ${short}` : tool;
}

/** Canonical JSON (sorted keys): two calls with the same input compare equal however keys were ordered. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
