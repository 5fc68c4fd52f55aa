import "server-only";

export { authOptions } from "./options";
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from "./password";
export { rateLimit } from "./rate-limit";
export { principalFromCookieHeader, principalFromSessionId, roleIn, type Principal } from "./principal";
export { authorizeOrg, authorizeProject } from "./authorize";
export { currentPrincipal, needsSetup } from "./current";
export { signInWithPassword } from "./credentials";
