import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { GET as zip } from "@/app/api/projects/[projectId]/zip/route";
import { orgWithRoles, sessionCookie } from "./fixtures";

// Route handlers answer malformed requests with a 4xx and a sentence (these were 500s).

const ctx = (...path: string[]) => ({ params: Promise.resolve({ nextauth: path }) });

describe("the NextAuth route", () => {
  it("refuses non-form posts and a GET of the credentials callback with a sentence", async () => {
    const json = await POST(
      new Request("http://localhost/api/auth/callback/credentials", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }),
      ctx("callback", "credentials"),
    );
    expect(json.status).toBe(415);
    expect(await json.json()).toEqual({ error: "Sign-in requests are sent as a form (application/x-www-form-urlencoded)." });

    const get = await GET(new Request("http://localhost/api/auth/callback/credentials"), ctx("callback", "credentials"));
    expect(get.status).toBe(405);
    expect((await get.json()).error).toBe("Sign in with the sign-in form.");
    // The happy path needs Next's request context (sign-in is covered end to end in tests/e2e).
  });
});

describe("ids that name nothing", () => {
  it("the zip route answers 404 for NUL bytes and lone surrogates in the project id", async () => {
    const fx = await orgWithRoles();
    const cookie = await sessionCookie(fx.people.owner.sessionId);
    for (const id of ["\u0000", `${fx.project.id}\u0000`, "\ud800", "../etc"]) {
      const res = await zip(new Request("http://localhost/api/projects/x/zip", { headers: { cookie } }), { params: Promise.resolve({ projectId: id }) });
      expect(res.status, JSON.stringify(id)).toBe(404);
      expect(await res.json()).toEqual({ error: "Project was not found." });
    }
  });
});
