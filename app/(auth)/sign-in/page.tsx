import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentPrincipal, needsSetup } from "@/server/auth";
import { safeCallbackUrl } from "@/components/auth/callback-url";
import { SignInForm } from "@/components/auth/sign-in-form";

// Reads the database (is setup done?) on every request; never prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await needsSetup()) redirect("/setup");
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentPrincipal()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? params.error : null;
  return <SignInForm callbackUrl={callbackUrl} initialError={error} />;
}
