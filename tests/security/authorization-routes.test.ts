import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinReply } from "@/lib/events";
import { rolesWith, ROLES, type Permission } from "@/lib/rbac";
import { ensureWorkspace, writeFile } from "@/server/workspace";
import { issueKey } from "../integration/api-keys-helpers";
import { orgWithRoles, sessionCookie, type OrgFixture } from "../integration/fixtures";
import { startTarget, type Target } from "./http-target";
import { scanOwnDatabase } from "./secrets-scan";

// The authorization matrix (tests/integration/authorization.test.ts covers every tRPC procedure) carried
// over to the route handlers and to Socket.IO room joins, over real HTTP and real sockets: anonymous,
// a user of another org, and each role. The expected answer comes from lib/rbac.ts, as there.

const CALLERS = ["anonymous", "outsider", ...ROLES] as const;
type Caller = (typeof CALLERS)[number];

let target: Target;
let fx: OrgFixture;
const cookies = {} as Record<Caller, string | null>;
const sockets: Socket[] = [];
let chats = 0;

beforeAll(async () => {
  target = await startTarget("authorization-routes");
  fx = await orgWithRoles();
  cookies.anonymous = null;
  for (const who of CALLERS) if (who !== "anonymous") cookies[who] = await sessionCookie(fx.people[who].sessionId);
  await writeFile(await ensureWorkspace(fx.project.id), "README.md", "# Stock prices\n");
}, 300_000);

afterAll(async () => {
  await scanOwnDatabase("authorization-routes");
  for (const s of sockets) s.disconnect();
  await target?.stop();
}, 60_000);

/** What a caller gets from a route guarded by `permission` (anonymous 401, another org 404, role → 2xx or 403). */
function expected(permission: Permission | "public", who: Caller, ok = 200): number {
  if (permission === "public") return ok;
  if (who === "anonymous") return 401;
  if (who === "outsider") return 404; // another org's things are invisible, not forbidden
  return rolesWith(permission).includes(who) ? ok : 403;
}

async function status(who: Caller, path: string, init: RequestInit = {}): Promise<number> {
  const headers = new Headers(init.headers);
  headers.set("origin", target.origin);
  if (cookies[who]) headers.set("cookie", cookies[who]!);
  const res = await fetch(`${target.url}${path}`, { ...init, headers });
  await res.arrayBuffer(); // read streams (chat) to the end
  return res.status;
}

function matrix(route: string, permission: Permission | "public", call: (who: Caller) => Promise<number>) {
  it(`${route} (${permission})`, async () => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const who of CALLERS) {
      got[who] = await call(who);
      want[who] = expected(permission, who);
    }
    expect(got).toEqual(want);
  });
}

describe("authorization matrix: route handlers", () => {
  matrix("POST /api/chat", "chat:use", (who) =>
    status(who, "/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: `authz-chat-${++chats}-${who}`,
        orgId: fx.org.id,
        messages: [{ id: `authz-message-${chats}`, role: "user", parts: [{ type: "text", text: "What can you do?" }] }],
      }),
    }),
  );
  matrix("GET /api/projects/<id>/zip", "projects:read", (who) => status(who, `/api/projects/${fx.project.id}/zip`));
  matrix("GET /api/health", "public", (who) => status(who, "/api/health"));
  matrix("GET /api/health/ready", "public", (who) => status(who, "/api/health/ready"));
});

// /api/v1 (the OpenAI-compatible endpoint) takes only API keys: each role calls with a key holding all of
// its role's permissions; a session cookie alone is refused (401) for everyone, so no page can spend with it.
describe("authorization matrix: /api/v1 with API keys", () => {
  const secrets = {} as Record<Caller, string | null>;
  const keyStatus = async (who: Caller, path: string, init: RequestInit = {}, withKey = true) => {
    const headers = new Headers(init.headers);
    if (withKey && secrets[who]) headers.set("authorization", `Bearer ${secrets[who]}`);
    if (!withKey && cookies[who]) headers.set("cookie", cookies[who]!);
    headers.set("origin", target.origin);
    const res = await fetch(`${target.url}${path}`, { ...init, headers });
    await res.arrayBuffer();
    return res.status;
  };
  beforeAll(async () => {
    secrets.anonymous = null;
    // The outsider's key is for their own org: there it is an owner (an org is named by the key, not the request).
    secrets.outsider = (await issueKey(await fx.people.outsider.principal(), fx.other.id)).secret;
    for (const role of ROLES) secrets[role] = (await issueKey(await fx.people[role].principal(), fx.org.id)).secret;
  });
  const want = (who: Caller) => (who === "anonymous" ? 401 : who === "outsider" || rolesWith("models:invoke").includes(who) ? 200 : 403);
  const completion = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "aios/fast", messages: [{ role: "user", content: "What can you do?" }] }) };

  for (const [route, call] of [
    ["GET /api/v1/models", (who: Caller, withKey: boolean) => keyStatus(who, "/api/v1/models", {}, withKey)],
    ["GET /api/v1/models/aios/fast", (who: Caller, withKey: boolean) => keyStatus(who, "/api/v1/models/aios/fast", {}, withKey)],
    ["POST /api/v1/chat/completions", (who: Caller, withKey: boolean) => keyStatus(who, "/api/v1/chat/completions", completion, withKey)],
  ] as const) {
    it(`${route} (models:invoke, API keys only)`, async () => {
      const got: Record<string, number> = {};
      const expectedStatus: Record<string, number> = {};
      for (const who of CALLERS) {
        got[who] = await call(who, true);
        expectedStatus[who] = want(who);
        got[`${who} with a session cookie`] = await call(who, false);
        expectedStatus[`${who} with a session cookie`] = 401;
      }
      expect(got).toEqual(expectedStatus);
    });
  }
});

async function socketFor(who: Caller): Promise<Socket | string> {
  const extraHeaders: Record<string, string> = { origin: target.origin };
  if (cookies[who]) extraHeaders.cookie = cookies[who]!;
  const s = connect(target.url, { path: "/socket.io", transports: ["websocket"], extraHeaders, reconnection: false });
  sockets.push(s);
  return new Promise((resolve) => {
    s.once("connect", () => resolve(s));
    s.once("connect_error", (err) => resolve(`refused: ${err.message}`));
  });
}

async function joins(who: Caller, room: string): Promise<string> {
  const s = await socketFor(who);
  if (typeof s === "string") return s;
  const reply: JoinReply = await s.timeout(5000).emitWithAck("join", { room });
  s.disconnect();
  return reply.ok ? "joined" : "refused";
}

describe("authorization matrix: Socket.IO room joins", () => {
  const want = (permission: Permission, who: Caller) =>
    who === "anonymous" ? "refused: unauthorized" : who !== "outsider" && rolesWith(permission).includes(who) ? "joined" : "refused";

  for (const [kind, permission] of [["org", "org:read"], ["project", "projects:read"]] as const) {
    it(`${kind} room (${permission})`, async () => {
      const room = kind === "org" ? `org:${fx.org.id}` : `project:${fx.project.id}`;
      const got: Record<string, string> = {};
      const expectedJoins: Record<string, string> = {};
      for (const who of CALLERS) {
        got[who] = await joins(who, room);
        expectedJoins[who] = want(permission, who);
      }
      expect(got).toEqual(expectedJoins);
    });
  }

  it("refuses rooms that do not exist or are malformed, for every role", async () => {
    for (const who of ROLES) {
      for (const room of ["org:no-such-org", "project:no-such-project", `user:${fx.people[who].user.id}`, `org:${fx.org.id}\u0000`, "org:", `org:${"x".repeat(5000)}`]) {
        expect(await joins(who, room), `${who} joining ${JSON.stringify(room.slice(0, 40))}`).toBe("refused");
      }
    }
  });
});
