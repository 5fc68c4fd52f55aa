import { errorMessage } from "@/lib/format";

// The server names the field in its messages ("Base URL: …" from the services, "baseUrl: …" from input
// validation). Map either to a form field so the message shows beside the field a person typed into.

export type FieldErrors<K extends string> = { fields: Partial<Record<K, string>>; form: string | null };

export function splitFieldErrors<K extends string>(error: unknown, fields: Record<K, string>): FieldErrors<K> {
  const message = errorMessage(error);
  const out: FieldErrors<K> = { fields: {}, form: null };
  const rest: string[] = [];
  // Zod joins its issues with "; " ("baseUrl: …; name: …"); a service message may contain "; " itself.
  const zodParts = message.split(/;\s+/);
  const parts = zodParts.every((p) => /^[\w.]+: /.test(p)) ? zodParts : [message];
  for (const part of parts) {
    const key = fieldOf(part, fields);
    if (key && !out.fields[key]) out.fields[key] = sentence(withoutLabel(part.slice(part.indexOf(":") + 1).trim(), fields[key]));
    else rest.push(part);
  }
  out.form = rest.length ? rest.join("; ") : null;
  return out;
}

function fieldOf<K extends string>(part: string, fields: Record<K, string>): K | null {
  const colon = part.indexOf(":");
  if (colon <= 0) return null;
  const head = part.slice(0, colon).trim().toLowerCase();
  for (const [key, label] of Object.entries(fields) as [K, string][]) {
    const leaf = head.split(".").pop();
    if (head === label.toLowerCase() || head === key.toLowerCase() || leaf === key.toLowerCase()) return key;
  }
  return null;
}

// Input validation says "baseUrl: Base URL: …": the field already shows its label.
const withoutLabel = (text: string, label: string) =>
  text.toLowerCase().startsWith(`${label.toLowerCase()}:`) ? text.slice(label.length + 1).trim() : text;

const sentence = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
