import { ensureBuild } from "../helpers/server-process";

// Build once before any worker starts a server (a no-op when .next is newer than the sources).
export default function globalSetup(): void {
  ensureBuild();
}
