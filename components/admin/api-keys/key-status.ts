import type { BadgeVariant } from "@/components/ui/badge";

export type KeyStatus = "active" | "expired" | "revoked" | "rotating";

type KeyDates = { status: "active" | "expired" | "revoked"; previousExpiresAt: Date | string | null };

/** The server's status, plus "rotating" while a rotated key's old secret is still accepted. */
export function keyStatus(key: KeyDates, now: number = Date.now()): KeyStatus {
  if (key.status !== "active") return key.status;
  return key.previousExpiresAt && new Date(key.previousExpiresAt).getTime() > now ? "rotating" : "active";
}

export const STATUS_BADGE: Record<KeyStatus, { label: string; variant: BadgeVariant }> = {
  active: { label: "Active", variant: "success" },
  rotating: { label: "Rotating", variant: "info" },
  expired: { label: "Expired", variant: "muted" },
  revoked: { label: "Revoked", variant: "destructive" },
};
