"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { FormAlert } from "@/components/ui/form-alert";
import { AuthCard } from "./auth-card";

type Fields = { name: string; email: string; password: string; confirm: string; orgName: string };
type Errors = Partial<Record<keyof Fields, string>>;

export const MIN_PASSWORD = 12;

function validate(f: Fields): Errors {
  const errors: Errors = {};
  if (!f.name.trim()) errors.name = "Enter your name.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) errors.email = "Enter a valid email address.";
  if (f.password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters.`;
  if (f.confirm !== f.password) errors.confirm = "The passwords don't match.";
  if (f.orgName.trim().length < 2) errors.orgName = "Name your organisation (at least 2 characters).";
  return errors;
}

export function SetupForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [fields, setFields] = React.useState<Fields>({ name: "", email: "", password: "", confirm: "", orgName: "" });
  const [errors, setErrors] = React.useState<Errors>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [signingIn, setSigningIn] = React.useState(false);

  const createOwner = useMutation(
    trpc.setup.createOwner.mutationOptions({
      onSuccess: async () => {
        setSigningIn(true);
        const result = await signIn("credentials", { email: fields.email.trim(), password: fields.password, redirect: false });
        if (result?.ok && !result.error) {
          router.replace("/");
          router.refresh();
        } else {
          router.replace("/sign-in");
        }
      },
      onError: (e) => setFormError(errorMessage(e)),
    }),
  );

  const set = (key: keyof Fields) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setFields((f) => ({ ...f, [key]: e.target.value }));
    if (errors[key]) setErrors((prev) => ({ ...prev, [key]: undefined }));
  };

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const found = validate(fields);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    createOwner.mutate({
      name: fields.name.trim(),
      email: fields.email.trim(),
      password: fields.password,
      orgName: fields.orgName.trim(),
    });
  }

  const busy = createOwner.isPending || signingIn;
  return (
    <AuthCard
      title="Set up AIOS"
      description="This creates the owner account: the first person, with full control of the first organisation. You can invite everyone else afterwards."
    >
      <form onSubmit={onSubmit} className="grid gap-4" data-testid="setup-form" noValidate>
        {formError && <FormAlert testId="setup-error">{formError}</FormAlert>}
        <FormField label="Your name" error={errors.name}>
          <Input name="name" maxLength={120} autoComplete="name" autoFocus value={fields.name} onChange={set("name")} />
        </FormField>
        <FormField label="Email" error={errors.email}>
          <Input name="email" type="email" maxLength={254} autoComplete="email" value={fields.email} onChange={set("email")} />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Password" error={errors.password} hint={`At least ${MIN_PASSWORD} characters`}>
            <Input name="password" type="password" maxLength={1024} autoComplete="new-password" value={fields.password} onChange={set("password")} />
          </FormField>
          <FormField label="Confirm password" error={errors.confirm}>
            <Input name="confirm" type="password" maxLength={1024} autoComplete="new-password" value={fields.confirm} onChange={set("confirm")} />
          </FormField>
        </div>
        <FormField label="Organisation name" error={errors.orgName} hint="Your team or company. You can add more later.">
          <Input name="orgName" maxLength={80} autoComplete="organization" value={fields.orgName} onChange={set("orgName")} />
        </FormField>
        <Button type="submit" loading={busy} data-testid="setup-submit" className="mt-1">
          {signingIn ? "Signing you in…" : "Create owner account"}
        </Button>
      </form>
    </AuthCard>
  );
}
