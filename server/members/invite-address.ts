import "server-only";
import { allowedOrigins } from "@/server/boot/origin";
import { env } from "@/server/env";

export type LinkBase = { baseUrl: string; publicUrlSet: boolean };

type Options = { publicUrl: string; publicUrlSet: boolean; trustProxy: boolean; allowedOrigins: string[] };

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * Where links for other people (invites) should point. AIOS_PUBLIC_URL when it is set; otherwise the
 * address the person making the link is using (the browser's Origin, else the proxy's X-Forwarded-Host
 * when proxies are trusted, else Host), so a link made at http://10.0.0.5:3000 does not say localhost.
 * Only an origin the server itself accepts requests from is used (AIOS_PUBLIC_URL's, loopback, or
 * AIOS_ALLOWED_ORIGINS): a forged Host header cannot send invitees elsewhere.
 */
export function linkBase(headers: Headers | undefined, opts: Options = fromEnv()): LinkBase {
  if (opts.publicUrlSet || !headers) return { baseUrl: opts.publicUrl, publicUrlSet: opts.publicUrlSet };
  const allowed = allowedOrigins(opts.publicUrl, opts.allowedOrigins);
  const last = (name: string) => headers.get(name)?.split(",").at(-1)?.trim() || null;
  const proto = (opts.trustProxy && last("x-forwarded-proto")) || "http";
  const candidates = [
    headers.get("origin"),
    opts.trustProxy && last("x-forwarded-host") ? `${proto}://${last("x-forwarded-host")}` : null,
    headers.get("host") ? `${proto}://${headers.get("host")}` : null,
  ];
  for (const candidate of candidates) {
    const origin = validOrigin(candidate);
    if (origin && allowed.has(origin)) return { baseUrl: origin, publicUrlSet: false };
  }
  return { baseUrl: opts.publicUrl, publicUrlSet: false };
}

function validOrigin(raw: string | null): string | null {
  if (!raw || raw.length > 300) return null;
  const match = /^(https?):\/\/([^/?#@\s]+)$/i.exec(raw.trim());
  if (!match || !HOST.test(match[2]!)) return null;
  try {
    return new URL(raw.trim()).origin;
  } catch {
    return null;
  }
}

function fromEnv(): Options {
  return {
    publicUrl: env.publicUrl,
    publicUrlSet: Boolean(env.AIOS_PUBLIC_URL),
    trustProxy: env.AIOS_TRUST_PROXY,
    allowedOrigins: env.AIOS_ALLOWED_ORIGINS,
  };
}
