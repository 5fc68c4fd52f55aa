"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { errorMessage, pluralize } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

const MIN_LENGTH = 12; // server/auth/password.ts: MIN_PASSWORD_LENGTH

/** Current password + new password (twice). Every other signed-in browser is signed out on success. */
export function ChangePasswordForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [current, setCurrent] = React.useState("");
  const [next, setNext] = React.useState("");
  const [confirm, setConfirm] = React.useState("");
  const [fieldError, setFieldError] = React.useState<{ next?: string; confirm?: string }>({});

  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      onSuccess: async ({ signedOut }) => {
        setCurrent("");
        setNext("");
        setConfirm("");
        await queryClient.invalidateQueries({ queryKey: trpc.me.sessions.queryKey() });
        toast.success(
          signedOut > 0
            ? `Password changed. ${pluralize(signedOut, "other session")} ${signedOut === 1 ? "was" : "were"} signed out.`
            : "Password changed.",
        );
      },
    }),
  );

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const errors: typeof fieldError = {};
    if (next.length < MIN_LENGTH) errors.next = `Use at least ${MIN_LENGTH} characters.`;
    if (confirm !== next) errors.confirm = "The two new passwords don't match.";
    setFieldError(errors);
    if (!current || errors.next || errors.confirm) return;
    change.mutate({ currentPassword: current, newPassword: next });
  }

  return (
    <form onSubmit={onSubmit} className="grid max-w-md gap-4" data-testid="change-password-form" noValidate>
      {change.isError && <FormAlert testId="change-password-error">{errorMessage(change.error)}</FormAlert>}
      <FormField label="Current password">
        <Input
          name="currentPassword"
          maxLength={1024}
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </FormField>
      <FormField label="New password" hint={`At least ${MIN_LENGTH} characters. A few unrelated words work well.`} error={fieldError.next}>
        <Input name="newPassword" type="password" maxLength={1024} autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
      </FormField>
      <FormField label="Repeat the new password" error={fieldError.confirm}>
        <Input name="confirmPassword" type="password" maxLength={1024} autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </FormField>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" loading={change.isPending} disabled={!current || !next || !confirm} data-testid="change-password-submit">
          Change password
        </Button>
        <p className="text-xs text-muted-foreground">Your other signed-in browsers will be signed out.</p>
      </div>
    </form>
  );
}
