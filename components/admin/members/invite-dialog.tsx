"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Info, TriangleAlert, UserPlus } from "lucide-react";
import { canAssignRole, ROLES, type Role } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { RoleSelect } from "./role-select";

type Created = { email: string; url: string; publicUrlSet: boolean };

export function InviteDialog() {
  const { orgId, orgName, role: myRole } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const defaultRole: Role = canAssignRole(myRole, "member") ? "member" : (ROLES.find((r) => canAssignRole(myRole, r)) ?? "viewer");
  const [open, setOpen] = React.useState(false);
  const [email, setEmail] = React.useState("");
  const [role, setRole] = React.useState<Role>(defaultRole);
  const [error, setError] = React.useState<string | null>(null);
  const [formError, setFormError] = React.useState<string | null>(null);
  const [created, setCreated] = React.useState<Created | null>(null);

  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: ({ url, publicUrlSet }) => {
        setCreated({ email: email.trim(), url, publicUrlSet });
        void queryClient.invalidateQueries({ queryKey: trpc.members.invites.queryKey() });
      },
      onError: (e) => setFormError(errorMessage(e)),
    }),
  );

  function reset() {
    setEmail("");
    setRole(defaultRole);
    setError(null);
    setFormError(null);
    setCreated(null);
    invite.reset();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button data-testid="invite-open">
          <UserPlus />
          Invite people
        </Button>
      </DialogTrigger>
      <DialogContent data-testid="invite-dialog" onInteractOutside={(e) => created && e.preventDefault()}>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                <CheckCircle2 className="size-5 text-success" aria-hidden />
                Invite link ready
              </DialogTitle>
              <DialogDescription>
                Send this link to <span className="font-medium text-foreground">{created.email}</span>. It works once.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <div className="flex items-center gap-2 rounded-lg border bg-muted/50 p-2 pl-3">
                <code data-testid="invite-url" className="min-w-0 flex-1 font-mono text-xs break-all select-all">
                  {created.url}
                </code>
                <CopyButton value={created.url} label="Copy link" data-testid="invite-copy" />
              </div>
              <p
                role="note"
                className="flex gap-2 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-xs text-foreground"
              >
                <TriangleAlert className="mt-px size-3.5 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
                <span>
                  <strong className="font-semibold">Shown only once.</strong> Copy it now: AIOS keeps only a fingerprint of
                  the link and can&apos;t show it again.
                </span>
              </p>
              {!created.publicUrlSet && (
                <p role="note" data-testid="invite-public-url-warning" className="flex gap-2 rounded-md border px-3 py-2 text-xs text-muted-foreground">
                  <Info className="mt-px size-3.5 shrink-0" aria-hidden />
                  <span>
                    <strong className="font-semibold text-foreground">AIOS_PUBLIC_URL is not set</strong>, so this link uses the address
                    you opened AIOS at ({new URL(created.url).origin}). If the invitee reaches AIOS at another address, ask your
                    administrator to set AIOS_PUBLIC_URL.
                  </span>
                </p>
              )}
            </div>
            <DialogFooter>
              <Button variant="outline" onClick={reset}>
                Invite someone else
              </Button>
              <Button onClick={() => setOpen(false)} data-testid="invite-done">
                Done
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Invite people to {orgName}</DialogTitle>
              <DialogDescription>They get a one-time link to create their account, or to join with the one they have.</DialogDescription>
            </DialogHeader>
            <form
              className="grid gap-4"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) return setError("Enter a valid email address.");
                setError(null);
                setFormError(null);
                invite.mutate({ orgId, email: email.trim(), role });
              }}
            >
              {formError && <FormAlert testId="invite-error">{formError}</FormAlert>}
              <FormField label="Email" error={error}>
                <Input
                  name="email"
                  type="email"
                  autoComplete="off"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  placeholder="teammate@company.com"
                  maxLength={254}
                  autoFocus
                  data-testid="invite-email"
                />
              </FormField>
              <div className="grid gap-1.5">
                <span className="text-sm font-medium" id="invite-role-label">
                  Role
                </span>
                <RoleSelect actorRole={myRole} value={role} onChange={setRole} label="Role for the invited person" size="default" testId="invite-role" />
              </div>
              <DialogFooter>
                <Button variant="outline" onClick={() => setOpen(false)} disabled={invite.isPending}>
                  Cancel
                </Button>
                <Button type="submit" loading={invite.isPending} data-testid="invite-submit">
                  Create invite link
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
