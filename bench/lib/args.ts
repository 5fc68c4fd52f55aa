/** `--key=value` and `--flag` options after the benchmark name; everything else is positional. */
export function parseArgs(argv: readonly string[]): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (m) options.set(m[1]!, m[2] ?? "true");
    else positional.push(arg);
  }
  return { positional, options };
}

/** A positive integer option with a default and an upper bound (benchmarks stay bounded). */
export function intOption(options: Map<string, string>, key: string, fallback: number, max: number): number {
  const raw = options.get(key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${key} must be an integer from 1 to ${max} (got ${raw})`);
  return n;
}
