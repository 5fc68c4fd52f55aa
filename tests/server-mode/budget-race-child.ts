// A second (and third) process of the budget race: reads trial commands as JSON lines on stdin, makes
// its share of the calls through the real gateway (admission, call, settlement) against the test's
// loopback provider, and prints one RESULT line per trial.
import { createInterface } from "node:readline";
import { isBudgetExceeded } from "@/server/governance/budgets";
import { parseLlmConfig } from "@/server/llm/config";
import { LlmError } from "@/server/llm/errors";
import { generateWith } from "@/server/llm/gateway";
import { createProviderRegistry } from "@/server/llm/registry";
import { RACE_MODEL, raceCall, type TrialCommand, type TrialResult } from "./budget-race-shared";

// One attempt per call: every tier is the race model (no fallback candidate), no retries, and a breaker that
// never opens. The race is about admission; retries and breakers have their own tests (gateway-faults).
const race = `openai:${RACE_MODEL}`;
const config = parseLlmConfig({ OPENAI_API_KEY: "sk-loopback-race", OPENAI_BASE_URL: process.env.RACE_PROVIDER_URL!, AIOS_MODEL_FAST: race, AIOS_MODEL_STANDARD: race, AIOS_MODEL_DEEP: race });
const registry = createProviderRegistry({ ...config, maxRetries: 0, timeoutMs: 20_000, breaker: { failureThreshold: Number.MAX_SAFE_INTEGER, windowMs: 60_000, cooldownMs: 1 } }, {
  offlineModel: () => {
    throw new Error("not used");
  },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runTrial(cmd: TrialCommand): Promise<TrialResult> {
  const result: TrialResult = { trial: cmd.trial, ok: 0, refused: 0, failed: 0, other: [] };
  await Promise.all(
    cmd.fates.map(async (fate) => {
      await sleep(Math.random() * cmd.maxJitterMs);
      const controller = new AbortController();
      // Cancel half way: after admission, while the provider is still answering (it takes 10-30 ms).
      if (fate === "cancel") setTimeout(() => controller.abort(), 5 + Math.random() * 15);
      const t0 = Date.now();
      try {
        await generateWith(registry, { ...raceCall({ orgId: cmd.orgId, projectId: cmd.projectId }, fate), abortSignal: controller.signal });
        result.ok++;
      } catch (err) {
        if (isBudgetExceeded(err)) result.refused++;
        else if (err instanceof LlmError) result.failed++;
        else result.other.push(err instanceof Error ? `after ${Date.now() - t0} ms: ${err.message} ${(err.stack ?? "").split("\n").filter((l) => l.includes("/server/")).slice(0, 3).join(" < ")}` : String(err));
      }
    }),
  );
  return result;
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  void runTrial(JSON.parse(line) as TrialCommand).then((r) => process.stdout.write(`RESULT ${JSON.stringify(r)}\n`));
});
process.stdout.write("RACE CHILD READY\n");
