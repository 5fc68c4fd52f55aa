import "server-only";
import { cookies } from "next/headers";
import { db } from "@/server/db";
import { principalFromCookieHeader, type Principal } from "./principal";

/** The signed-in principal for server components and layouts. */
export async function currentPrincipal(): Promise<Principal | null> {
  const jar = await cookies();
  const header = jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  return principalFromCookieHeader(header);
}

/** True until the first account exists (the setup page creates it). */
export async function needsSetup(): Promise<boolean> {
  return (await db.user.count()) === 0;
}
