// Captures what the in-process logger writes (through the real logger, with its real redaction) into a
// file for the secrets scan. The suites log at `warn`; while capturing, everything down to `debug` is
// kept in the file, and only what the configured level lets through still reaches the console.
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { logger } from "@/server/observability/logger";
import { securityDir } from "../helpers/secret-registry";

type Stream = { write: (line: string) => unknown };

export function captureLogs(name: string): { file: string; lines: () => number; stop: () => void } {
  const file = join(securityDir(), `${name}.in-process.log`);
  writeFileSync(file, "");
  const stream = (logger as unknown as Record<symbol, Stream>)[pino.symbols.streamSym]!;
  const original = stream.write;
  const configured = logger.levelVal;
  const configuredLabel = logger.level;
  let count = 0;
  stream.write = function (line: string) {
    appendFileSync(file, line);
    count++;
    const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 100);
    return level >= configured ? original.call(this, line) : true;
  };
  logger.level = "debug";
  return {
    file,
    lines: () => count,
    stop: () => {
      stream.write = original;
      logger.level = configuredLabel;
    },
  };
}
