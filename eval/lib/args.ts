// Command-line options of `npm run eval`. Both `--flag value` and `--flag=value` are accepted, since the
// documented form is `--provider URL --model ID`. Every mistake is a sentence naming the flag, never a stack.

export type EvalOptions = {
  /** Base URL of an OpenAI-compatible endpoint (every tier then uses `model` there); null: the environment's / offline model. */
  provider: string | null;
  model: string | null;
  apiKey: string | null;
  /** Task ids to run, in suite order; null: all. */
  tasks: string[] | null;
  repeat: number;
  /** Per task run, from the first chat turn to the last settle. */
  timeoutSeconds: number;
  /** A loopback stand-in provider instead of --provider (see lib/stand-in.ts). */
  standIn: "offline" | "imperfect" | null;
  /** Where results are written (default eval/results). */
  out: string | null;
  help: boolean;
};

export class UsageError extends Error {}

const FLAGS = ["provider", "model", "api-key", "stand-in", "tasks", "repeat", "timeout", "out", "help"] as const;
type Flag = (typeof FLAGS)[number];
const BOOLEAN = new Set<Flag>(["help"]);

export const USAGE = `Usage: npm run eval -- [--provider URL --model ID [--api-key KEY] | --stand-in offline|imperfect] [--tasks a,b] [--repeat k] [--timeout seconds] [--out dir]

  --provider URL   an OpenAI-compatible endpoint (e.g. http://127.0.0.1:11434/v1); every tier uses --model there
  --model ID       the model id at that endpoint (required with --provider)
  --api-key KEY    its key (optional: loopback servers usually need none)
  --stand-in KIND  a loopback stand-in provider answered by the offline model: offline, or imperfect
                   (with the slips real models make); a fresh one per task run
  --tasks a,b      run only these tasks (default: the whole suite)
  --repeat k       run each task k times, 1-20 (pass^k: all k runs pass; default 1)
  --timeout s      give up on a task run after s seconds, 30-7200 (default 1200)
  --out dir        write the results there instead of eval/results
Without --provider every tier is the offline demo model (keys in your shell are ignored: nothing is spent by accident).`;

export function parseEvalArgs(argv: readonly string[], knownTasks: readonly string[]): EvalOptions {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new UsageError(`Unexpected argument "${arg}". Options start with --.`);
    const flag = m[1] as Flag;
    if (!FLAGS.includes(flag)) throw new UsageError(`Unknown option --${m[1]}. Known options: ${FLAGS.map((f) => `--${f}`).join(", ")}.`);
    if (values.has(flag)) throw new UsageError(`--${flag} was given twice.`);
    if (BOOLEAN.has(flag)) {
      values.set(flag, m[2] ?? "true");
      continue;
    }
    const value = m[2] ?? argv[i + 1];
    if (value === undefined || (m[2] === undefined && value.startsWith("--"))) throw new UsageError(`--${flag} needs a value.`);
    if (m[2] === undefined) i++;
    values.set(flag, value);
  }

  const provider = values.get("provider")?.trim() || null;
  const model = values.get("model")?.trim() || null;
  if (provider) {
    let url: URL;
    try {
      url = new URL(provider);
    } catch {
      throw new UsageError(`--provider must be a URL such as http://127.0.0.1:11434/v1 (got "${provider}").`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--provider must be an http or https URL (got "${provider}").`);
    if (!model) throw new UsageError("--provider needs --model: the id of the model to use at that endpoint.");
  } else if (model) {
    throw new UsageError("--model needs --provider: the URL of the OpenAI-compatible endpoint that serves it.");
  }
  if (values.has("api-key") && !provider) throw new UsageError("--api-key is only used with --provider.");
  const standIn = values.get("stand-in")?.trim() || null;
  if (standIn !== null && standIn !== "offline" && standIn !== "imperfect") throw new UsageError(`--stand-in must be offline or imperfect (got "${standIn}").`);
  if (standIn && provider) throw new UsageError("Use either --provider or --stand-in, not both.");
  if (model && /\s/.test(model)) throw new UsageError(`--model must be one model id without spaces (got "${model}").`);

  let tasks: string[] | null = null;
  if (values.has("tasks")) {
    const asked = values.get("tasks")!.split(",").map((t) => t.trim()).filter(Boolean);
    if (asked.length === 0) throw new UsageError(`--tasks needs at least one task id. Valid ids: ${knownTasks.join(", ")}.`);
    const unknown = asked.filter((t) => !knownTasks.includes(t));
    if (unknown.length) {
      throw new UsageError(`Unknown task${unknown.length > 1 ? "s" : ""} ${unknown.map((t) => `"${t}"`).join(", ")}. Valid ids: ${knownTasks.join(", ")}.`);
    }
    tasks = knownTasks.filter((t) => asked.includes(t));
  }

  return {
    provider,
    model,
    apiKey: values.get("api-key")?.trim() || null,
    tasks,
    repeat: intFlag(values, "repeat", 1, 1, 20),
    timeoutSeconds: intFlag(values, "timeout", 1200, 30, 7200),
    standIn,
    out: values.get("out")?.trim() || null,
    help: values.has("help") && values.get("help") !== "false",
  };
}

function intFlag(values: Map<Flag, string>, flag: Flag, fallback: number, min: number, max: number): number {
  const raw = values.get(flag);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max} (got "${raw}").`);
  return n;
}
