import "server-only";
import { randomBytes } from "node:crypto";
import type { Tx } from "@/server/db";

export async function uniqueOrgSlug(tx: Tx, name: string): Promise<string> {
  const base =
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "org";
  if (!(await tx.org.findUnique({ where: { slug: base } }))) return base;
  return `${base}-${randomBytes(3).toString("hex")}`;
}
