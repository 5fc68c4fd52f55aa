import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { needsSetup } from "@/server/auth";
import { SetupForm } from "@/components/auth/setup-form";

// Reads the database (is setup done?) on every request; never prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  await connection(); // decided per request, never at build time
  if (!(await needsSetup())) redirect("/sign-in");
  return <SetupForm />;
}
