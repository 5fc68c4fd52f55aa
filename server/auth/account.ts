import "server-only";

// A person's own account: password and signed-in sessions (the Account page).
export { ChangePasswordInput, changePassword } from "./change-password";
export { listSessions, revokeSession, revokeAllSessions } from "./sessions";
