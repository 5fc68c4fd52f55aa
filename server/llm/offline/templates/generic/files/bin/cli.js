#!/usr/bin/env node
// Command-line interface for __ENTITIES__, stored in a JSON file.
import { pathToFileURL } from "node:url";
import { createStore, validate } from "../src/store.js";

export const USAGE = `Usage: __SLUG__ <command> [options]

Commands:
  add <title> [--notes <text>] [--tag <tag>]...   add a __ENTITY__
  list [--search <text>] [--tag <tag>]             list __ENTITIES__
  show <id>                                       show one __ENTITY__
  remove <id>                                     remove a __ENTITY__

Options:
  --data <file>   where __ENTITIES__ are kept (default: $DATA_FILE or ./__SLUG__.json)
  --json          print JSON instead of text
  -h, --help      show this help
`;

export function parseArgs(args) {
  const out = { positional: [], tags: [], json: false, help: false };
  const valueOf = (name, i) => {
    if (args[i + 1] === undefined) throw new Error(`${name} needs a value`);
    return args[i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") out.help = true;
    else if (arg === "--json") out.json = true;
    else if (arg === "--notes") out.notes = valueOf(arg, i++);
    else if (arg === "--search") out.search = valueOf(arg, i++);
    else if (arg === "--data") out.data = valueOf(arg, i++);
    else if (arg === "--tag") out.tags.push(valueOf(arg, i++));
    else if (arg.startsWith("-")) throw new Error(`Unknown option ${arg}`);
    else out.positional.push(arg);
  }
  return out;
}

const line = (item) => `${item.id}\t${item.title}${item.tags.length ? `\t#${item.tags.join(" #")}` : ""}`;

/** Runs one command; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export function main(args, { stdout = process.stdout, stderr = process.stderr, env = process.env } = {}) {
  let opts;
  try {
    opts = parseArgs(args);
  } catch (err) {
    stderr.write(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = opts.positional;
  if (opts.help || !command) {
    (opts.help ? stdout : stderr).write(USAGE);
    return opts.help ? 0 : 2;
  }
  const store = createStore({ file: opts.data ?? env.DATA_FILE ?? "__SLUG__.json" });
  const print = (value, text) => stdout.write(`${opts.json ? JSON.stringify(value, null, 2) : text}\n`);

  if (command === "add") {
    const input = { title: rest.join(" ") };
    if (opts.notes !== undefined) input.notes = opts.notes;
    if (opts.tags.length) input.tags = opts.tags;
    const parsed = validate(input);
    if (!parsed.ok) {
      stderr.write(`${parsed.error}\n`);
      return 1;
    }
    const item = store.add(parsed.value);
    print(item, `Added ${item.id}: ${item.title}`);
    return 0;
  }
  if (command === "list") {
    const items = store.list({ q: opts.search, tag: opts.tags[0] });
    print(items, items.length ? items.map(line).join("\n") : "No __ENTITIES__.");
    return 0;
  }
  if (command === "show" || command === "remove") {
    if (!rest[0]) {
      stderr.write(`${command} needs an id\n`);
      return 2;
    }
    const item = store.get(rest[0]);
    if (!item) {
      stderr.write(`No __ENTITY__ with id ${rest[0]}\n`);
      return 1;
    }
    if (command === "remove") store.remove(item.id);
    print(item, command === "remove" ? `Removed ${item.id}: ${item.title}` : `${line(item)}${item.notes ? `\n${item.notes}` : ""}`);
    return 0;
  }
  stderr.write(`Unknown command ${command}\n\n${USAGE}`);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
