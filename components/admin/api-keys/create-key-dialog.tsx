"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, KeyRound } from "lucide-react";
import { POLICY, type Permission } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EXPIRY_PRESETS, expiryFrom, type ExpiryPreset } from "./expiry";
import { isReadScope } from "./scope-groups";
import { ScopePicker } from "./scope-picker";
import { SecretReveal } from "./secret-reveal";

const WHOLE_ORG = "__org";

export function CreateKeyDialog() {
  const { orgId, orgName, role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const held = POLICY[role];
  const defaultScopes = () => [...held].filter(isReadScope);
  const [open, setOpen] = React.useState(false);
  const [name, setName] = React.useState("");
  const [scopes, setScopes] = React.useState<Permission[]>(defaultScopes);
  const [projectId, setProjectId] = React.useState(WHOLE_ORG);
  const [expiry, setExpiry] = React.useState<ExpiryPreset>("90");
  const [customDate, setCustomDate] = React.useState("");
  const [errors, setErrors] = React.useState<{ name?: string; scopes?: string; expiry?: string }>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [secret, setSecret] = React.useState<string | null>(null);
  const projects = useQuery({ ...trpc.projects.list.queryOptions({ orgId }), enabled: open });

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: ({ secret }) => {
        setSecret(secret);
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.mine.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
      onError: (e) => setFormError(errorMessage(e)),
    }),
  );

  function reset() {
    setName("");
    setScopes(defaultScopes());
    setProjectId(WHOLE_ORG);
    setExpiry("90");
    setCustomDate("");
    setErrors({});
    setFormError(null);
    setSecret(null);
    create.reset();
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const next: typeof errors = {};
    if (!name.trim()) next.name = "Give the key a name, e.g. where it will be used.";
    if (scopes.length === 0) next.scopes = "Pick at least one scope.";
    const when = expiryFrom(expiry, customDate);
    if ("error" in when) next.expiry = when.error;
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length || "error" in when) return;
    create.mutate({ orgId, name: name.trim(), scopes, projectId: projectId === WHOLE_ORG ? null : projectId, expiresAt: when.expiresAt });
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
        <Button data-testid="api-key-create-open">
          <KeyRound />
          Create API key
        </Button>
      </DialogTrigger>
      <DialogContent
        data-testid="api-key-create-dialog"
        className="sm:max-w-xl"
        onInteractOutside={(e) => secret && e.preventDefault()}
        onEscapeKeyDown={(e) => secret && e.preventDefault()}
      >
        {secret ? (
          <>
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                <CheckCircle2 className="size-5 text-success" aria-hidden />
                API key created
              </DialogTitle>
              <DialogDescription>
                <span className="font-medium text-foreground">{name.trim()}</span> can now act as you in {orgName}, limited to the scopes you picked.
              </DialogDescription>
            </DialogHeader>
            <SecretReveal secret={secret} orgId={orgId} />
            <DialogFooter>
              <Button onClick={() => setOpen(false)} data-testid="api-key-done">
                I&apos;ve copied it
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Create an API key</DialogTitle>
              <DialogDescription>
                Scripts and tools use it to act as you in {orgName}, with at most the permissions you have now. It loses what you lose.
              </DialogDescription>
            </DialogHeader>
            <form className="grid min-w-0 gap-4" noValidate onSubmit={submit}>
              {formError && <FormAlert testId="api-key-create-error">{formError}</FormAlert>}
              <FormField label="Name" error={errors.name} hint="Where it's used, so you recognise it later.">
                <Input
                  name="name"
                  autoComplete="off"
                  value={name}
                  maxLength={100}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="CI deploy script"
                  autoFocus
                  data-testid="api-key-name"
                />
              </FormField>
              <ScopePicker
                held={held}
                value={scopes}
                onChange={(next) => {
                  setScopes(next);
                  if (next.length) setErrors((e) => ({ ...e, scopes: undefined }));
                }}
                error={errors.scopes}
              />
              <div className="grid gap-4 sm:grid-cols-2">
                <div className="grid content-start gap-1.5">
                  <span className="text-sm font-medium" id="api-key-project-label">
                    Project
                  </span>
                  <Select value={projectId} onValueChange={setProjectId}>
                    <SelectTrigger aria-labelledby="api-key-project-label" data-testid="api-key-project">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value={WHOLE_ORG} description="Every project you can reach">
                        Whole organisation
                      </SelectItem>
                      {projects.data?.map((p) => (
                        <SelectItem key={p.id} value={p.id}>
                          {p.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </div>
                <div className="grid content-start gap-1.5">
                  <span className="text-sm font-medium" id="api-key-expiry-label">
                    Expires
                  </span>
                  <Select value={expiry} onValueChange={(v) => setExpiry(v as ExpiryPreset)}>
                    <SelectTrigger aria-labelledby="api-key-expiry-label" data-testid="api-key-expiry">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {EXPIRY_PRESETS.map((p) => (
                        <SelectItem key={p.value} value={p.value}>
                          {p.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  {expiry === "custom" && (
                    <Input
                      type="date"
                      aria-label="Expiry date"
                      value={customDate}
                      onChange={(e) => setCustomDate(e.target.value)}
                      aria-invalid={errors.expiry ? true : undefined}
                      data-testid="api-key-expiry-date"
                    />
                  )}
                  {errors.expiry && (
                    <p role="alert" className="text-xs font-medium text-destructive">
                      {errors.expiry}
                    </p>
                  )}
                </div>
              </div>
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => setOpen(false)} disabled={create.isPending}>
                  Cancel
                </Button>
                <Button type="submit" loading={create.isPending} data-testid="api-key-create-submit">
                  Create key
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
