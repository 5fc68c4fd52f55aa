import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { orgWithRoles, sessionCookie } from "./fixtures";

// What a person (or a script) gets back from the tRPC HTTP endpoint, through the app's own route handler:
// validation problems as sentences, and invite links at the address the admin is using.

const trpcRoute = async () => (await import("@/app/api/trpc/[trpc]/route")) as unknown as { POST: (req: Request) => Promise<Response> };

async function post(path: string, input: unknown, headers: Record<string, string> = {}) {
  const { POST } = await trpcRoute();
  const res = await POST(
    new Request(`http://127.0.0.1:3000/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ json: input }),
    }),
  );
  return { status: res.status, body: (await res.json()) as { result?: { data: { json: Record<string, unknown> } }; error?: { json: { message: string } } } };
}

describe("validation errors over HTTP", () => {
  it("a too-long name is a 400 with a sentence, not a schema dump", async () => {
    const res = await post("invites.accept", { token: "t".repeat(40), name: "N".repeat(121), password: "a long enough password" });
    expect(res.status).toBe(400);
    const message = res.body.error!.json.message;
    expect(message).toBe("Name can be at most 120 characters.");
    expect(JSON.stringify(res.body)).not.toMatch(/Too big|expected string|<=|too_big|"issues"|"maximum"|ZodError/);
  });

  it("several problems read as sentences, a signed-in call as well", async () => {
    const fx = await orgWithRoles();
    const cookie = await sessionCookie(fx.people.owner.sessionId);
    const res = await post("orgs.create", { name: "O".repeat(200) }, { cookie, origin: "http://127.0.0.1:3000" });
    expect(res.status).toBe(400);
    expect(res.body.error!.json.message).toBe("Name can be at most 80 characters.");
    const both = await post("invites.accept", { token: "short", password: "x" });
    expect(both.status).toBe(400);
    expect(both.body.error!.json.message).toMatch(/^Token needs at least 20 characters\. Password needs at least 12 characters\.$/);
  });
});

describe("invite links", () => {
  it("use the address the admin opened AIOS at when AIOS_PUBLIC_URL is unset, and say it is unset", async () => {
    expect(env.AIOS_PUBLIC_URL).toBeUndefined();
    const fx = await orgWithRoles();
    const cookie = await sessionCookie(fx.people.owner.sessionId);
    const port = new URL(env.publicUrl).port;
    const at = `http://127.0.0.1:${port}`;
    const res = await post("members.invite", { orgId: fx.org.id, email: "lan-invitee@example.test", role: "member" }, { cookie, origin: at, host: `127.0.0.1:${port}` });
    expect(res.status).toBe(200);
    const created = res.body.result!.data.json as { url: string; publicUrlSet: boolean };
    expect(created.url).toMatch(new RegExp(`^${at.replace(/\./g, "\\.")}/invite/[A-Za-z0-9_-]{40,}$`));
    expect(created.publicUrlSet).toBe(false);
  });

  it("never point at a forged address: an unknown Host falls back to the configured one", async () => {
    const fx = await orgWithRoles();
    const cookie = await sessionCookie(fx.people.admin.sessionId);
    const res = await post("members.invite", { orgId: fx.org.id, email: "forged-host@example.test", role: "viewer" }, { cookie, host: "evil.example" });
    expect(res.status).toBe(200);
    const created = res.body.result!.data.json as { url: string; publicUrlSet: boolean };
    expect(created.url.startsWith(`${env.publicUrl}/invite/`)).toBe(true);
    expect(await db.invite.count({ where: { orgId: fx.org.id, email: "forged-host@example.test" } })).toBe(1);
  });
});
