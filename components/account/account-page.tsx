"use client";

import { useQuery } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc/react";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { ChangePasswordForm } from "./change-password-form";
import { SessionsTable } from "./sessions-table";

/** Your own account: who you are, your password, and where you are signed in. */
export function AccountPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  return (
    <>
      <PageHeader title="Account" description="Your password and the browsers signed in to your account." />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Profile</CardTitle>
          </CardHeader>
          <CardContent>
            {me.isPending ? (
              <div role="status" aria-label="Loading your profile">
                <Skeleton className="h-10 w-64" />
              </div>
            ) : me.isError ? (
              <ErrorState title="Couldn't load your profile" error={me.error} onRetry={() => void me.refetch()} retrying={me.isRefetching} />
            ) : (
              <div className="flex items-center gap-3">
                <Avatar name={me.data.user.name} email={me.data.user.email} />
                <div className="grid leading-tight">
                  <span className="font-medium">{me.data.user.name}</span>
                  <span className="text-sm text-muted-foreground">{me.data.user.email}</span>
                </div>
              </div>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
            <CardDescription>Changing it signs out every other browser, so anyone who knew the old one is locked out.</CardDescription>
          </CardHeader>
          <CardContent>
            {me.data && !me.data.user.hasPassword ? (
              <p className="text-sm text-muted-foreground" data-testid="no-password">
                You sign in with GitHub or Google, so there is no AIOS password to change.
              </p>
            ) : (
              <ChangePasswordForm />
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>API keys</CardTitle>
            <CardDescription>Let scripts and tools act as you, with at most your permissions. Each secret is shown once.</CardDescription>
          </CardHeader>
          <CardContent>
            <Button variant="outline" asChild>
              <Link href="/account/api-keys" data-testid="account-api-keys-link">
                <KeyRound />
                Manage your API keys
              </Link>
            </Button>
          </CardContent>
        </Card>

        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>Where you&apos;re signed in</CardTitle>
            <CardDescription>Each browser that signed in to your account. Signing one out ends it on its next request.</CardDescription>
          </CardHeader>
          <SessionsTable />
        </Card>
      </div>
    </>
  );
}
