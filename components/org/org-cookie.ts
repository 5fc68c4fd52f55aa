// Shared by the client (writes) and server layouts (read): keep the name in one place.
export const ORG_COOKIE = "aios_org";
export const ORG_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/** Browser only: remember the current organisation for server components. */
export function writeOrgCookie(orgId: string): void {
  document.cookie = `${ORG_COOKIE}=${encodeURIComponent(orgId)}; path=/; max-age=${ORG_COOKIE_MAX_AGE}; samesite=lax`;
}

export function hasOrgCookie(orgId: string): boolean {
  return document.cookie.split("; ").includes(`${ORG_COOKIE}=${encodeURIComponent(orgId)}`);
}
