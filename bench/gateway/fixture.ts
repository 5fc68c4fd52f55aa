// What the gateway benchmark calls: a loopback OpenAI-compatible upstream (the stand-in provider of
// the tests, answering at once), the same upstream configured as every tier of the gateway, an org
// whose calls pass one budget (so each call holds and settles), an API key with models:invoke, and the
// /api/v1 routes on a loopback server behind the request wrapper server.ts uses.
import { randomBytes } from "node:crypto";
import { db } from "@/server/db";
import { generateApiKey } from "@/server/governance/api-keys/secret";
import { configureProviders, parseLlmConfig } from "@/server/llm";
import { startLoopbackOpenAI, type Loopback } from "@/tests/helpers/loopback-openai";
import { startV1Server, type V1Server } from "@/tests/helpers/v1-server";

export const UPSTREAM_KEY = "bench-loopback-key";
export const UPSTREAM_MODEL = "loop-fast";
const HUGE = 1_000_000_000;

export type GatewayFixture = {
  upstream: Loopback;
  v1: V1Server;
  orgId: string;
  apiKeyId: string;
  bearer: string;
  close: () => Promise<void>;
};

export async function gatewayFixture(): Promise<GatewayFixture> {
  const upstream = await startLoopbackOpenAI({
    // A short fixed answer: the provider's own time stays out of the comparison.
    script: () => ({ text: "Hello from the loopback model.", usage: { inputTokens: 12, outputTokens: 7 } }),
  });
  // The loopback keeps every request for tests; a benchmark sends tens of thousands, so keep none.
  upstream.requests.push = () => 0;
  configureProviders({
    ...parseLlmConfig({
      AIOS_OPENAI_COMPATIBLE_URL: upstream.url,
      AIOS_OPENAI_COMPATIBLE_API_KEY: UPSTREAM_KEY,
      AIOS_OPENAI_COMPATIBLE_NAME: "loopback",
      AIOS_MODEL_FAST: `compatible:${UPSTREAM_MODEL}`,
      AIOS_MODEL_STANDARD: "compatible:loop-standard",
      AIOS_MODEL_DEEP: "compatible:loop-deep",
    }),
    maxRetries: 0,
  });
  const tag = randomBytes(3).toString("hex");
  const user = await db.user.create({ data: { email: `bench-gateway-${tag}@example.test`, name: `Bench gateway ${tag}` } });
  const org = await db.org.create({ data: { name: `Bench gateway ${tag}`, slug: `bench-gateway-${tag}` } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "member" } });
  // The benchmark's own throwaway key, stored as the key router stores one.
  const key = generateApiKey();
  const apiKey = await db.apiKey.create({
    data: { orgId: org.id, name: "bench", secretHash: key.hash, prefix: key.prefix, scopes: ["models:invoke"], createdById: user.id },
  });
  // One budget that every call passes: admission holds on it and the recording transaction settles it.
  await db.budget.create({ data: { orgId: org.id, scope: "org", scopeId: org.id, metric: "usd", period: "month", limit: HUGE, policy: "stop" } });
  const v1 = await startV1Server();
  return {
    upstream,
    v1,
    orgId: org.id,
    apiKeyId: apiKey.id,
    bearer: `Bearer ${key.secret}`,
    close: async () => {
      configureProviders(null);
      await v1.close();
      await upstream.close();
    },
  };
}
