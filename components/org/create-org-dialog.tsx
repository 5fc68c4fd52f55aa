"use client";

import * as React from "react";
import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

/** Creates an organisation. `onCreated` gets the new id and makes it current (cookie + refresh). */
export function CreateOrgDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (orgId: string) => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);
  const create = useMutation(
    trpc.orgs.create.mutationOptions({
      onSuccess: ({ orgId }) => {
        toast.success(`Created ${name.trim()}`);
        onCreated(orgId);
        onOpenChange(false);
        setName("");
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setError(null);
        onOpenChange(next);
      }}
    >
      <DialogContent data-testid="create-org-dialog">
        <DialogHeader>
          <DialogTitle>Create organisation</DialogTitle>
          <DialogDescription>
            An organisation has its own people, projects, agents and budget. You will be its owner.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim().length < 2) return setError("Give the organisation a name of at least 2 characters.");
            setError(null);
            create.mutate({ name: name.trim() });
          }}
        >
          <FormField label="Name" error={error}>
            <Input
              name="orgName"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Acme Robotics"
              autoFocus
              maxLength={80}
            />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create organisation
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
