import { ACCOUNT_NAMESPACES, hostileSuite } from "./trpc-hostile-suite";

// Hostile input against everything else (projects, agents, activity, diagnostics, chat, and any router
// added later: whatever the accounts file does not cover lands here).
hostileSuite("trpc-hostile-projects", (path) => !ACCOUNT_NAMESPACES.includes(path.split(".")[0]!));
