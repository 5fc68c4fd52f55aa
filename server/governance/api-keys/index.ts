import "server-only";

// API keys: secrets and their hashes, the cached lookup, change announcements, and the key service.
// server/auth resolves bearer keys through ./lookup directly (it sits below this surface).
export { API_KEY_PREFIX, generateApiKey, hashApiKey, isApiKeyFormat, maskApiKey } from "./secret";
export { announceApiKeyChange, apiKeyListenerReady, onApiKeyChanged, PgKeyListener, API_KEY_CHANNEL } from "./bus";
export { KeyCache, type CachedKey } from "./cache";
export { apiKeyCache, resolveApiKey, resolveApiKeyHash, type ResolvedApiKey } from "./lookup";
export {
  CREATES_PER_HOUR,
  CreateApiKeyInput,
  createApiKey,
  listOrgApiKeys,
  listOwnApiKeys,
  MAX_OVERLAP_HOURS,
  revokeApiKey,
  RotateApiKeyInput,
  rotateApiKey,
  type ApiKeyView,
} from "./service";
