// A second process for api-keys-listen.test.ts (native Postgres): resolves an API key (filling its own
// lookup cache), waits until it hears that key change over LISTEN/NOTIFY, checks its cache dropped the
// key, resolves again and prints every step as a JSON line. Run with spawnTs (tsx + server-only mapping).
import { apiKeyCache, hashApiKey, onApiKeyChanged, resolveApiKey } from "@/server/governance/api-keys";

const secret = process.env.AIOS_CHILD_API_KEY!;
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function attempt(): Promise<string> {
  try {
    await resolveApiKey(secret, "10.0.0.2");
    return "ok";
  } catch (err) {
    return (err as Error).message;
  }
}

async function main() {
  const heard = new Promise<string>((resolve) => onApiKeyChanged((id) => id !== "*" && resolve(id)));
  const first = await attempt();
  // Wait until this process's LISTEN connection is up (resolution starts it), then report ready.
  const g = globalThis as { __aiosApiKeyBus?: { pg: { ready: Promise<void> } | null } };
  await g.__aiosApiKeyBus?.pg?.ready;
  say({ step: "ready", first, cached: apiKeyCache().get(hashApiKey(secret)) !== undefined });
  const keyId = await heard;
  say({ step: "heard", keyId, cached: apiKeyCache().get(hashApiKey(secret)) !== undefined });
  say({ step: "after", second: await attempt() });
  process.exit(0);
}

main().catch((err) => {
  say({ step: "error", message: String(err) });
  process.exit(1);
});
