// Shared by the client provider (writes) and server layouts (read): keep in one place.
export const ORG_COOKIE = "aios_org";
export const ORG_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;
