// Signing in to a real server the way a browser does (NextAuth's CSRF token, then the credentials
// callback), so the battery holds a session cookie the server itself issued.
import { recordSecret } from "../helpers/secret-registry";

/** The cookies a response sets, as `name=value` pairs. */
export function setCookies(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(";")[0]!;
    const eq = pair.indexOf("=");
    out.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return out;
}

export const cookieHeader = (cookies: Map<string, string>) => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** A fresh CSRF token and the cookies that go with it. */
export async function csrf(url: string): Promise<{ token: string; cookies: Map<string, string> }> {
  const res = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { token: csrfToken, cookies: setCookies(res) };
}

/** Signs in with email and password; returns the Cookie header of the signed-in browser. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const { token, cookies } = await csrf(url);
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: url, cookie: cookieHeader(cookies) },
    body: new URLSearchParams({ csrfToken: token, email, password, json: "true", callbackUrl: url }),
  });
  for (const [k, v] of setCookies(res)) cookies.set(k, v);
  const session = cookies.get("next-auth.session-token");
  if (!session) throw new Error(`sign-in of ${email} failed: HTTP ${res.status} ${await res.text()}`);
  recordSecret("session token", session);
  return cookieHeader(cookies);
}
