"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { FormAlert } from "@/components/ui/form-alert";
import { AuthCard } from "./auth-card";
import { OAuthButtons } from "./oauth-buttons";
import { signInErrorMessage } from "./sign-in-errors";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string | null }) {
  const router = useRouter();
  const [email, setEmail] = React.useState("");
  const [password, setPassword] = React.useState("");
  const [error, setError] = React.useState<string | null>(signInErrorMessage(initialError));
  const [pending, setPending] = React.useState(false);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (!email.trim() || !password) return setError("Enter your email and password.");
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email: email.trim(), password, redirect: false });
      if (!result || result.error || !result.ok) {
        setError(signInErrorMessage(result?.error ?? "Default", result?.status) ?? "Sign-in failed. Try again.");
        setPending(false);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("Cannot reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <AuthCard
      title="Sign in to AIOS"
      description="Welcome back. Use the email your organisation invited."
      footer={<>New here? Ask an admin of your organisation for an invite link.</>}
    >
      <div className="grid gap-5">
        <form onSubmit={onSubmit} className="grid gap-4" data-testid="sign-in-form" noValidate>
          {error && <FormAlert testId="sign-in-error">{error}</FormAlert>}
          <FormField label="Email">
            <Input
              name="email"
              maxLength={254}
              type="email"
              autoComplete="email"
              autoFocus
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              placeholder="you@company.com"
            />
          </FormField>
          <FormField label="Password">
            <Input
              name="password"
              maxLength={1024}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </FormField>
          <Button type="submit" loading={pending} data-testid="sign-in-submit" className="mt-1">
            Sign in
          </Button>
        </form>
        <OAuthButtons callbackUrl={callbackUrl} />
      </div>
    </AuthCard>
  );
}
