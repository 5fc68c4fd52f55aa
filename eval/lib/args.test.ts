import { describe, expect, it } from "vitest";
import { parseEvalArgs, UsageError } from "./args";

const TASKS = ["csv-to-json", "todo-api", "wordfreq-cli"];
const parse = (...argv: string[]) => parseEvalArgs(argv, TASKS);
const problem = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no error for ${argv.join(" ")}`);
};

describe("npm run eval options", () => {
  it("defaults to the whole suite once on the offline model", () => {
    expect(parse()).toEqual({ provider: null, model: null, apiKey: null, tasks: null, repeat: 1, timeoutSeconds: 1200, standIn: null, out: null, help: false });
  });

  it("takes --flag value and --flag=value, and keeps the suite's order of tasks", () => {
    expect(parse("--provider", "http://127.0.0.1:11434/v1", "--model=llama3.1", "--tasks", "wordfreq-cli,csv-to-json", "--repeat=3")).toMatchObject({
      provider: "http://127.0.0.1:11434/v1",
      model: "llama3.1",
      tasks: ["csv-to-json", "wordfreq-cli"],
      repeat: 3,
    });
  });

  it("explains every mistake in a sentence, listing the valid task ids for an unknown one", () => {
    expect(problem("--tasks", "csv-to-json,nope")).toBe('Unknown task "nope". Valid ids: csv-to-json, todo-api, wordfreq-cli.');
    expect(problem("--provider", "localhost:11434")).toMatch(/^--provider must be (a URL|an http or https URL)/);
    expect(problem("--provider", "http://127.0.0.1:1/v1")).toBe("--provider needs --model: the id of the model to use at that endpoint.");
    expect(problem("--model", "gpt")).toMatch(/^--model needs --provider/);
    expect(problem("--repeat", "0")).toBe('--repeat must be a whole number from 1 to 20 (got "0").');
    expect(problem("--repeat", "2.5")).toMatch(/^--repeat must be a whole number/);
    expect(problem("--repeat")).toBe("--repeat needs a value.");
    expect(problem("--tasks", "--repeat", "2")).toBe("--tasks needs a value.");
    expect(problem("--verbose")).toMatch(/^Unknown option --verbose\. Known options: --provider, --model/);
    expect(problem("todo-api")).toBe('Unexpected argument "todo-api". Options start with --.');
    expect(problem("--api-key", "k")).toBe("--api-key is only used with --provider.");
    expect(problem("--stand-in", "flaky")).toBe('--stand-in must be offline or imperfect (got "flaky").');
    expect(problem("--stand-in", "offline", "--provider", "http://127.0.0.1:1/v1", "--model", "m")).toBe("Use either --provider or --stand-in, not both.");
  });
});
