#!/usr/bin/env node
// csv2json: converts CSV (a file or standard input) with a header row to a JSON array of objects.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { csvToObjects, CsvError } from "../lib/parse-csv.js";

export const USAGE = `Usage: csv2json [file] [--pretty] [--delimiter <char>]

Converts CSV with a header row to a JSON array of objects.
Reads the file, or standard input when no file (or "-") is given.

Options:
  -p, --pretty             indent the JSON with two spaces
  -d, --delimiter <char>   field delimiter: one character, or "tab" (default ",")
  -h, --help               show this help
`;

class UsageError extends Error {}

export function parseArgs(args) {
  const options = { file: undefined, pretty: false, delimiter: ",", help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") options.help = true;
    else if (arg === "-p" || arg === "--pretty") options.pretty = true;
    else if (arg === "-d" || arg === "--delimiter" || arg.startsWith("--delimiter=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[++i];
      if (value === undefined) throw new UsageError("--delimiter needs a value");
      options.delimiter = value === "tab" || value === "\\t" ? "\t" : value;
      if (options.delimiter.length !== 1) throw new UsageError(`The delimiter must be one character, got "${value}"`);
    } else if (arg.startsWith("-") && arg !== "-") throw new UsageError(`Unknown option ${arg}`);
    else if (options.file !== undefined) throw new UsageError("Give at most one file");
    else options.file = arg;
  }
  return options;
}

async function readStream(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** Runs the command; returns the exit code (0 ok, 1 bad input, 2 bad usage). */
export async function main(args, { stdin = process.stdin, stdout = process.stdout, stderr = process.stderr } = {}) {
  let options;
  try {
    options = parseArgs(args);
  } catch (err) {
    stderr.write(`csv2json: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    stdout.write(USAGE);
    return 0;
  }
  try {
    const text = options.file === undefined || options.file === "-" ? await readStream(stdin) : await readFile(options.file, "utf8");
    const rows = csvToObjects(text, { delimiter: options.delimiter });
    stdout.write(`${JSON.stringify(rows, null, options.pretty ? 2 : 0)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CsvError) stderr.write(`csv2json: ${options.file ?? "stdin"}: ${err.message}\n`);
    else if (err.code === "ENOENT") stderr.write(`csv2json: no such file: ${options.file}\n`);
    else stderr.write(`csv2json: ${err.message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
