import "server-only";

export { MASTER_KEY_FORMAT, masterKeyId, parseMasterKey } from "./key-format";
export { currentMasterKey, keyFileMasterKey, keyStorageStatus, loadMasterKey, masterKeyFrom, KEY_FILE_NAME, type MasterKey } from "./master-key";
export { keyHint, openProviderKey, sealProviderKey, ROTATE_REMEDY, type CredentialRef, type StoredProviderKey } from "./provider-key";
export { rotateProviderKeys, type RotationResult } from "./rotate";
export { planRotation, RotationSetupError, type RotationPlan } from "./rotation-keys";
