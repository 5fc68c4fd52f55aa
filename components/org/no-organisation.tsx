"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { Building2, LogOut, Plus } from "lucide-react";
import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CreateOrgDialog } from "./create-org-dialog";
import { writeOrgCookie } from "./org-cookie";

/** Signed in but in no organisation (removed, or every membership disabled). */
export function NoOrganisation({ user }: { user: { name: string; email: string } }) {
  const router = useRouter();
  const [creating, setCreating] = React.useState(false);
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 bg-muted/40 px-4 py-12">
      <Logo />
      <Card className="w-full max-w-md">
        <CardHeader className="items-center text-center">
          <div className="mb-2 flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <Building2 className="size-5" aria-hidden />
          </div>
          <CardTitle>You&apos;re not in an organisation</CardTitle>
          <CardDescription>
            Signed in as {user.email}. Ask an admin to invite you, or create your own organisation.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-2">
          <Button onClick={() => setCreating(true)}>
            <Plus />
            Create organisation
          </Button>
          <Button variant="ghost" onClick={() => void signOut({ callbackUrl: "/sign-in" })}>
            <LogOut />
            Sign out
          </Button>
        </CardContent>
      </Card>
      <CreateOrgDialog
        open={creating}
        onOpenChange={setCreating}
        onCreated={(orgId) => {
          writeOrgCookie(orgId);
          router.refresh();
        }}
      />
    </div>
  );
}
