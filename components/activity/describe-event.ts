import {
  Activity,
  FolderPlus,
  Radio,
  ShieldCheck,
  UserMinus,
  UserPlus,
  UserCog,
  type LucideIcon,
} from "lucide-react";
import type { LiveEvent } from "@/lib/events";
import { humanize } from "@/lib/format";
import { ROLE_LABELS, type Role } from "@/lib/rbac";

export type EventLine = { text: string; icon: LucideIcon; tone: "default" | "success" | "warning" | "destructive" };

type P = Record<string, unknown>;
const str = (p: P, key: string): string | undefined => (typeof p[key] === "string" ? (p[key] as string) : undefined);
const role = (value: string | undefined) => (value && value in ROLE_LABELS ? ROLE_LABELS[value as Role] : value);

/** One human sentence per event type; unknown types still read sensibly. */
export function describeEvent(event: LiveEvent): EventLine {
  const p = (event.payload && typeof event.payload === "object" ? event.payload : {}) as P;
  const by = str(p, "by");
  switch (event.type) {
    case "project.created":
      return { text: `${by ?? "Someone"} created project “${str(p, "name") ?? "Untitled"}”`, icon: FolderPlus, tone: "success" };
    case "member.invited":
      return { text: `${by ?? "Someone"} invited ${str(p, "email") ?? "a person"} as ${role(str(p, "role")) ?? "a member"}`, icon: UserPlus, tone: "default" };
    case "member.joined":
      return { text: `${str(p, "name") ?? "Someone"} joined as ${role(str(p, "role")) ?? "a member"}`, icon: UserPlus, tone: "success" };
    case "member.updated": {
      const name = str(p, "name") ?? "a member";
      const status = str(p, "status");
      const newRole = role(str(p, "role"));
      const change = newRole
        ? `made ${name} ${newRole === "Admin" || newRole === "Owner" ? "an" : "a"} ${newRole}`
        : status === "disabled"
          ? `disabled ${name}`
          : status === "active"
            ? `re-enabled ${name}`
            : `updated ${name}`;
      return { text: `${by ?? "Someone"} ${change}`, icon: status === "disabled" ? ShieldCheck : UserCog, tone: status === "disabled" ? "warning" : "default" };
    }
    case "member.removed":
      return { text: `${by ?? "Someone"} removed ${str(p, "name") ?? "a member"}`, icon: UserMinus, tone: "destructive" };
    case "diagnostics.pong":
      return { text: `Queue test job answered by ${str(p, "worker") ?? "a worker"}: “${str(p, "message") ?? ""}”`, icon: Radio, tone: "default" };
    default:
      return { text: humanize(event.type), icon: Activity, tone: "default" };
  }
}
