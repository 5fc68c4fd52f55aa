import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { KeyCache, onApiKeyChanged, PgKeyListener } from "@/server/governance/api-keys";
import { spawnTs, terminate } from "../helpers/process";
import { issueKey } from "./api-keys-helpers";
import { callerAs, orgWithRoles } from "./fixtures";

// A key change reaches every process: in embedded mode (one process) through the local bus; in server
// mode through Postgres LISTEN/NOTIFY: two more listener connections, each with its own cache, and a
// second process that holds the key in its cache, all hear the revoke and drop it.

describe("API key change announcements", () => {
  it("a rotation and a revoke are heard by this process after they commit", async () => {
    const fx = await orgWithRoles();
    const owner = await fx.people.owner.principal();
    const { key } = await issueKey(owner, fx.org.id);
    const heard: string[] = [];
    const stop = onApiKeyChanged((id) => heard.push(id));
    try {
      const caller = await callerAs(owner);
      await caller.apiKeys.rotate({ orgId: fx.org.id, keyId: key.id, overlapHours: 0 });
      await caller.apiKeys.revoke({ orgId: fx.org.id, keyId: key.id });
      // A refused change announces nothing.
      await caller.apiKeys.revoke({ orgId: fx.org.id, keyId: key.id }).catch(() => undefined);
      await until(() => heard.filter((id) => id === key.id).length >= 2);
      await new Promise((r) => setTimeout(r, 300));
      // Server mode: the direct local call plus this process's own NOTIFY once its listener is up.
      expect(heard.filter((id) => id === key.id).length).toBeLessThanOrEqual(env.mode === "server" ? 4 : 2);
      expect(heard.filter((id) => id === key.id).length).toBeGreaterThanOrEqual(2);
    } finally {
      stop();
    }
  });

  it(env.mode === "server" ? "other connections and another process hear a revoke over LISTEN/NOTIFY" : "embedded mode has one process: the local bus is the whole delivery", async () => {
    const fx = await orgWithRoles();
    const owner = await fx.people.owner.principal();
    const { key, secret } = await issueKey(owner, fx.org.id);
    if (env.mode !== "server") {
      const heard = new Promise<string>((r) => onApiKeyChanged((id) => id === key.id && r(id)));
      await (await callerAs(owner)).apiKeys.revoke({ orgId: fx.org.id, keyId: key.id });
      expect(await heard).toBe(key.id);
      return;
    }
    const caches = [new KeyCache(), new KeyCache()];
    const listeners = caches.map((c) => new PgKeyListener(env.DATABASE_URL!, (id) => c.invalidateKey(id), () => c.clear()));
    const child = spawnTs("tests/integration/api-keys-child.ts", [], { ...process.env, AIOS_CHILD_API_KEY: secret });
    try {
      const lines = createInterface({ input: child.stdout! });
      const childSays: Record<string, unknown>[] = [];
      lines.on("line", (l) => {
        try {
          childSays.push(JSON.parse(l));
        } catch {
          // log lines of the child
        }
      });
      let errors = "";
      child.stderr!.on("data", (c: Buffer) => (errors += c.toString()));
      for (const l of listeners) l.start();
      await Promise.all(listeners.map((l) => l.ready));
      for (const c of caches) c.set("some-hash", { id: key.id, orgId: fx.org.id, name: "k", scopes: [], projectId: null, createdById: owner.userId });
      await until(() => childSays.some((s) => s.step === "ready"), 60_000, () => errors);
      expect(childSays.find((s) => s.step === "ready")).toEqual({ step: "ready", first: "ok", cached: true });

      await (await callerAs(owner)).apiKeys.revoke({ orgId: fx.org.id, keyId: key.id });
      await until(() => caches.every((c) => c.get("some-hash") === undefined));
      await until(() => childSays.some((s) => s.step === "after"), 10_000, () => errors);
      expect(childSays.find((s) => s.step === "heard")).toEqual({ step: "heard", keyId: key.id, cached: false });
      expect(childSays.find((s) => s.step === "after")).toEqual({ step: "after", second: "This API key was revoked. Create a new key." });
    } finally {
      await Promise.all(listeners.map((l) => l.stop()));
      await terminate(child);
    }
  });
});

async function until(check: () => boolean, ms = 5000, detail: () => string = () => "") {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting ${detail()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
