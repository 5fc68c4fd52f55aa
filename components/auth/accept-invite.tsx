"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { LinkIcon } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/rbac";
import { errorMessage } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { writeOrgCookie } from "@/components/org/org-cookie";
import { FormAlert } from "@/components/ui/form-alert";
import { AuthCard } from "./auth-card";
import { MIN_PASSWORD } from "./setup-form";

export function AcceptInvite({ token }: { token: string }) {
  const trpc = useTRPC();
  const invite = useQuery({ ...trpc.invites.get.queryOptions({ token }), retry: false, staleTime: Infinity });

  if (invite.isPending) {
    return (
      <AuthCard title="Checking your invite…">
        <div role="status" aria-label="Loading invite" className="grid gap-3">
          <Skeleton className="h-16" />
          <Skeleton className="h-9" />
          <Skeleton className="h-9" />
        </div>
      </AuthCard>
    );
  }

  if (invite.isError) {
    const code = (invite.error.data as { code?: string } | undefined)?.code;
    const broken = code === "NOT_FOUND" || code === "BAD_REQUEST";
    return (
      <AuthCard
        title={broken ? "This invite link doesn't work" : "Couldn't check your invite"}
        footer={
          <Link className="underline underline-offset-4 hover:text-foreground" href="/sign-in">
            Go to sign in
          </Link>
        }
      >
        <div className="grid justify-items-center gap-4 text-center" data-testid="invite-invalid">
          <div className="flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <LinkIcon className="size-5" aria-hidden />
          </div>
          <p className="text-sm text-muted-foreground">
            {broken
              ? code === "BAD_REQUEST"
                ? "This link is incomplete. Copy the whole link from the invitation and try again."
                : errorMessage(invite.error, "The link is invalid, has expired, was revoked or was already used. Ask for a new one.")
              : errorMessage(invite.error)}
          </p>
          {!broken && (
            <Button variant="outline" size="sm" onClick={() => void invite.refetch()} loading={invite.isRefetching}>
              Try again
            </Button>
          )}
        </div>
      </AuthCard>
    );
  }

  return <AcceptInviteForm token={token} invite={invite.data} />;
}

type InviteInfo = { orgName: string; email: string; role: keyof typeof ROLE_LABELS; invitedBy: string | null; existingUser: boolean };

function AcceptInviteForm({ token, invite }: { token: string; invite: InviteInfo }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = React.useState("");
  const [password, setPassword] = React.useState("");
  const [confirm, setConfirm] = React.useState("");
  const [errors, setErrors] = React.useState<{ name?: string; password?: string; confirm?: string }>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [signingIn, setSigningIn] = React.useState(false);

  const accept = useMutation(
    trpc.invites.accept.mutationOptions({
      onSuccess: async (result) => {
        setSigningIn(true);
        if ("orgId" in result && typeof result.orgId === "string") {
          writeOrgCookie(result.orgId);
        }
        const signedIn = await signIn("credentials", { email: result.email, password, redirect: false });
        router.replace(signedIn?.ok && !signedIn.error ? "/" : "/sign-in");
        router.refresh();
      },
      onError: (e) => setFormError(errorMessage(e)),
    }),
  );

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const found: typeof errors = {};
    if (!invite.existingUser) {
      if (!name.trim()) found.name = "Enter your name.";
      if (password.length < MIN_PASSWORD) found.password = `Use at least ${MIN_PASSWORD} characters.`;
      if (confirm !== password) found.confirm = "The passwords don't match.";
    } else if (!password) {
      found.password = "Enter your password.";
    }
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    accept.mutate({ token, name: invite.existingUser ? undefined : name.trim(), password });
  }

  return (
    <AuthCard
      title={`Join ${invite.orgName}`}
      description={invite.invitedBy ? `${invite.invitedBy} invited you to AIOS.` : "You've been invited to AIOS."}
    >
      <div className="grid gap-5" data-testid="invite-accept">
        <dl className="grid gap-2 rounded-lg border bg-muted/40 p-3 text-sm">
          <div className="flex items-center justify-between gap-3">
            <dt className="text-muted-foreground">Organisation</dt>
            <dd className="truncate font-medium">{invite.orgName}</dd>
          </div>
          <div className="flex items-center justify-between gap-3">
            <dt className="text-muted-foreground">Email</dt>
            <dd className="truncate font-medium">{invite.email}</dd>
          </div>
          <div className="flex items-center justify-between gap-3">
            <dt className="text-muted-foreground">Role</dt>
            <dd className="flex items-center gap-2">
              <Badge data-testid="invite-role">{ROLE_LABELS[invite.role]}</Badge>
            </dd>
          </div>
          <p className="text-xs text-muted-foreground">{ROLE_DESCRIPTIONS[invite.role]}.</p>
        </dl>

        <form onSubmit={onSubmit} className="grid gap-4" noValidate data-testid="invite-accept-form">
          {formError && <FormAlert testId="invite-accept-error">{formError}</FormAlert>}
          {invite.existingUser ? (
            <FormField label="Your password" error={errors.password} hint={`You already have an account as ${invite.email}. Confirm it's you.`}>
              <Input name="password" type="password" maxLength={1024} autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
            </FormField>
          ) : (
            <>
              <FormField label="Your name" error={errors.name}>
                <Input name="name" maxLength={120} autoComplete="name" autoFocus value={name} onChange={(e) => setName(e.target.value)} />
              </FormField>
              <FormField label="Choose a password" error={errors.password} hint={`At least ${MIN_PASSWORD} characters`}>
                <Input name="password" type="password" maxLength={1024} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              </FormField>
              <FormField label="Confirm password" error={errors.confirm}>
                <Input name="confirm" type="password" maxLength={1024} autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
              </FormField>
            </>
          )}
          <Button type="submit" loading={accept.isPending || signingIn} data-testid="invite-accept-submit">
            {signingIn ? "Signing you in…" : `Join ${invite.orgName}`}
          </Button>
        </form>
      </div>
    </AuthCard>
  );
}
