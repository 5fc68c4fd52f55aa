import "server-only";

export { authOptions } from "./options";
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from "./password";
export { rateLimit } from "./rate-limit";
export {
  bearerToken,
  principalFromApiKey,
  principalFromApiKeyHash,
  principalFromCookieHeader,
  principalFromRequest,
  principalFromSessionId,
  roleIn,
  type ApiKeyPrincipal,
  type Membership,
  type Principal,
  type UserPrincipal,
} from "./principal";
export { authorizeOrg, authorizeProject, ORG_PERMISSIONS_FOR_PROJECT_KEYS, permissionsIn } from "./authorize";
export { currentPrincipal, needsSetup } from "./current";
export { signInWithPassword } from "./credentials";
