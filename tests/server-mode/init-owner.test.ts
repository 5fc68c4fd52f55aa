import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { startServer, type RunningServer } from "../helpers/server-process";
import { recordSecret } from "../helpers/secret-registry";

// Headless initialisation as a cluster does it: two web processes start at the same moment on an empty
// database with the same AIOS_INIT_* variables; one owner, one org and one key come out, and the key
// works against both. A refused value stops start-up with a message naming the variable.

const PASSWORD = "correct horse battery staple"; // in TEST_PASSWORDS
const servers: RunningServer[] = [];
let admin: pg.Client | null = null;
const database = `aios_init_mode_${process.pid}`;

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}, 60_000);

describe("headless initialisation in server mode", () => {
  it("two web processes starting at once create one owner, and the key works on both", async () => {
    admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(env.DATABASE_URL!);
    url.pathname = `/${database}`;
    const apiKey = `aios_sk_${randomBytes(32).toString("base64url")}`;
    recordSecret("secret", apiKey);
    const opts = {
      databaseUrl: url.toString(),
      args: ["--role=web"],
      env: {
        NEXTAUTH_SECRET: "init-mode-secret-not-for-production-0123456789",
        LOG_LEVEL: "info", // the test process runs at warn; the init's info lines are checked below
        AIOS_INIT_OWNER_EMAIL: "cluster@example.test",
        AIOS_INIT_OWNER_PASSWORD: PASSWORD,
        AIOS_INIT_ORG_NAME: "Cluster Org",
        AIOS_INIT_API_KEY: apiKey,
      },
    };
    servers.push(...(await Promise.all([startServer(opts), startServer(opts)])));

    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
      expect({ users: await count("User"), orgs: await count("Org"), memberships: await count("Membership"), keys: await count("ApiKey") }).toEqual({
        users: 1,
        orgs: 1,
        memberships: 1,
        keys: 1,
      });
      const audit = (await db.query(`SELECT to_jsonb(a)::text AS t FROM "AuditLog" a WHERE action = 'init.owner'`)).rows as { t: string }[];
      expect(audit).toHaveLength(1);
      expect(audit[0]!.t).not.toContain(apiKey);
      expect(audit[0]!.t).not.toContain(PASSWORD);
      const orgId = (await db.query(`SELECT id FROM "Org"`)).rows[0].id as string;

      for (const server of servers) {
        const res = await fetch(`${server.url}/api/trpc/projects.list?input=${encodeURIComponent(JSON.stringify({ json: { orgId } }))}`, {
          headers: { authorization: `Bearer ${apiKey}` },
        });
        expect(res.status, await res.clone().text()).toBe(200);
      }
      const logs = servers.map((s) => s.logs()).join("\n");
      expect(logs.match(/headless init: owner and organisation created/g)).toHaveLength(1);
      expect(logs).toMatch(/AIOS_INIT_\* variables are ignored/);
      expect(logs).not.toContain(apiKey);
    } finally {
      await db.end();
    }
  }, 240_000);

  it("a weak password stops start-up with a message naming the variable", async () => {
    const error = await startServer({
      databaseUrl: env.DATABASE_URL!,
      args: ["--role=web"],
      env: { NEXTAUTH_SECRET: "init-mode-secret-not-for-production-0123456789", AIOS_INIT_OWNER_EMAIL: "weak@example.test", AIOS_INIT_OWNER_PASSWORD: "short" },
      readyTimeoutMs: 60_000,
    }).then(
      (s) => {
        servers.push(s);
        return null;
      },
      (e: Error) => e.message,
    );
    expect(error).toMatch(/AIOS could not start/);
    expect(error).toMatch(/AIOS_INIT_OWNER_PASSWORD: is too weak/);
  }, 120_000);
});
