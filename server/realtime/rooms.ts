import "server-only";
import { AppError } from "@/server/errors";
import { parseRoom } from "@/lib/events";
import { authorizeOrg, authorizeProject, type Principal } from "@/server/auth";

/** Joining a room is reading its events: the same permission check as the matching tRPC reads. */
export async function authorizeRoom(principal: Principal | null, room: string): Promise<void> {
  const ref = parseRoom(room);
  if (!ref) throw new AppError("NOT_FOUND", "Unknown room.");
  if (ref.kind === "org") authorizeOrg(principal, ref.id, "org:read");
  else await authorizeProject(principal, ref.id, "projects:read");
}
