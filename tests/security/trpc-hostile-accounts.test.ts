import { ACCOUNT_NAMESPACES, hostileSuite } from "./trpc-hostile-suite";

// Hostile input against the account side of the API: setup, sign-in identity, orgs, members, invites, audit.
hostileSuite("trpc-hostile-accounts", (path) => ACCOUNT_NAMESPACES.includes(path.split(".")[0]!));
