// Expiry presets for a new key; "custom" takes a date (the key expires at the end of that day, local time).
export const EXPIRY_PRESETS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "never", label: "Never" },
  { value: "custom", label: "Custom date…" },
] as const;
export type ExpiryPreset = (typeof EXPIRY_PRESETS)[number]["value"];

/** The expiry to send, or an error sentence for the custom date. */
export function expiryFrom(preset: ExpiryPreset, customDate: string, now = new Date()): { expiresAt: Date | null } | { error: string } {
  if (preset === "never") return { expiresAt: null };
  if (preset !== "custom") return { expiresAt: new Date(now.getTime() + Number(preset) * 86_400_000) };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(customDate);
  if (!match) return { error: "Pick the date the key should stop working." };
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  if (end.getTime() <= now.getTime()) return { error: "The expiry date must be in the future." };
  return { expiresAt: end };
}
