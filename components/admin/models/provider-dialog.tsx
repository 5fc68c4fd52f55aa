"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlugZap } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { splitFieldErrors, type FieldErrors } from "./field-errors";
import { KindPicker } from "./kind-picker";
import { COMPATIBLE_PRESETS, kindInfo, type ProviderKind, type ProviderView, type TestResult } from "./model-types";
import { TestVerdict } from "./test-verdict";

const FIELDS = { name: "Name", baseUrl: "Base URL", apiKey: "API key" } as const;
type Field = keyof typeof FIELDS;
const NO_ERRORS: FieldErrors<Field> = { fields: {}, form: null };

/**
 * Add a provider, or edit one (`provider` given). The key field is a password field that starts empty:
 * empty means "keep the current key"; the key itself never comes back from the server.
 */
export function ProviderDialog({
  open,
  onOpenChange,
  provider,
  keyStorageMessage,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  provider?: ProviderView;
  keyStorageMessage: string | null;
  onSaved: (saved: ProviderView, changedConnection: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl" data-testid="provider-dialog">
        {/* Mounted only while open: every opening starts from a clean form, no key lingers in state. */}
        {open && <ProviderForm provider={provider} keyStorageMessage={keyStorageMessage} onClose={() => onOpenChange(false)} onSaved={onSaved} />}
      </DialogContent>
    </Dialog>
  );
}

function ProviderForm({
  provider,
  keyStorageMessage,
  onClose,
  onSaved,
}: {
  provider?: ProviderView;
  keyStorageMessage: string | null;
  onClose: () => void;
  onSaved: (saved: ProviderView, changedConnection: boolean) => void;
}) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editing = !!provider;
  const [kind, setKind] = React.useState<ProviderKind>(provider?.kind ?? "openai");
  const [name, setName] = React.useState(provider?.name ?? "OpenAI");
  const [baseUrl, setBaseUrl] = React.useState(provider?.baseUrl ?? kindInfo("openai")!.defaultBaseUrl);
  const [apiKey, setApiKey] = React.useState("");
  const [removeKey, setRemoveKey] = React.useState(false);
  const [errors, setErrors] = React.useState<FieldErrors<Field>>(NO_ERRORS);
  const [verdict, setVerdict] = React.useState<TestResult | null>(null);
  const info = kindInfo(kind)!;
  const keyDisabled = !!keyStorageMessage;

  // Any change makes the last verdict stale: it must describe the values on screen.
  function edit<T>(set: (v: T) => void) {
    return (v: T) => {
      set(v);
      setVerdict(null);
      setErrors(NO_ERRORS);
    };
  }

  function pickKind(next: ProviderKind) {
    const prev = kindInfo(kind)!;
    const nextInfo = kindInfo(next)!;
    if (!name.trim() || name === prev.label) setName(next === "compatible" ? "" : nextInfo.label);
    if (!baseUrl.trim() || baseUrl === prev.defaultBaseUrl) setBaseUrl(nextInfo.defaultBaseUrl);
    edit(setKind)(next);
  }

  const urlChanged = editing && baseUrl.trim() !== provider.baseUrl;
  const onError = (e: unknown) => setErrors(splitFieldErrors(e, FIELDS));
  const testDraft = useMutation(trpc.models.testDraft.mutationOptions({ onSuccess: setVerdict, onError }));
  const testSaved = useMutation(
    trpc.models.testProvider.mutationOptions({
      onSuccess: (result) => {
        setVerdict(result);
        void queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
      },
      onError,
    }),
  );
  const add = useMutation(
    trpc.models.addProvider.mutationOptions({
      onSuccess: (saved) => {
        void queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
        toast.success(`${saved.name} added`);
        onSaved(saved, true);
        onClose();
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.models.updateProvider.mutationOptions({
      onSuccess: (saved) => {
        void queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
        toast.success(`${saved.name} saved`);
        onSaved(saved, urlChanged || apiKey.trim() !== "" || removeKey);
        onClose();
      },
      onError,
    }),
  );
  const testing = testDraft.isPending || testSaved.isPending;
  const saving = add.isPending || update.isPending;

  function runTest() {
    setErrors(NO_ERRORS);
    setVerdict(null);
    const key = apiKey.trim();
    // Editing with the key field empty: the stored key is the one to test, which only the saved provider has.
    if (editing && !key && !removeKey && !urlChanged) return testSaved.mutate({ orgId, credentialId: provider.id });
    if (editing && !key && !removeKey && provider.keyHint) {
      return setErrors({ fields: { apiKey: "Enter the key again to test a new base URL, or save first and test the saved provider." }, form: null });
    }
    testDraft.mutate({ orgId, kind, baseUrl: baseUrl.trim() || undefined, apiKey: key || undefined });
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const key = apiKey.trim();
    if (!name.trim()) return setErrors({ fields: { name: "Give the provider a name." }, form: null });
    if (!editing) {
      if (kind === "compatible" && !baseUrl.trim()) return setErrors({ fields: { baseUrl: "Enter the server's base URL, e.g. http://localhost:11434/v1." }, form: null });
      if (info.keyRequired && !key) return setErrors({ fields: { apiKey: `${info.label} needs an API key.` }, form: null });
      return add.mutate({ orgId, kind, name: name.trim(), baseUrl: baseUrl.trim() || undefined, apiKey: key || undefined });
    }
    update.mutate({
      orgId,
      credentialId: provider.id,
      name: name.trim() !== provider.name ? name.trim() : undefined,
      baseUrl: urlChanged ? baseUrl.trim() : undefined,
      apiKey: removeKey ? "" : key || undefined,
    });
  }

  const keyHint = editing
    ? provider.keyHint
      ? `Leave empty to keep the current key (${provider.keyHint}).`
      : "No key stored."
    : info.keyRequired
      ? "Stored encrypted; AIOS never shows it again, only a masked hint."
      : "Only if the server asks for one. Stored encrypted.";

  return (
    <>
      <DialogHeader>
        <DialogTitle>{editing ? `Edit ${provider.name}` : "Add a model provider"}</DialogTitle>
        <DialogDescription>
          {editing
            ? "Change the name, the address or the key. Models and tier assignments stay as they are."
            : "Connect AIOS to a model provider. Test the connection before saving, then add its models to the catalog."}
        </DialogDescription>
      </DialogHeader>
      <form className="grid gap-4" noValidate onSubmit={submit}>
        {errors.form && <FormAlert testId="provider-form-error">{errors.form}</FormAlert>}
        {!editing && <KindPicker value={kind} onChange={pickKind} />}
        <FormField label="Name" error={errors.fields.name} hint="How this provider appears in the catalog and the tier pickers.">
          <Input
            name="provider-name"
            value={name}
            onChange={(e) => edit(setName)(e.target.value)}
            maxLength={80}
            placeholder={kind === "compatible" ? "e.g. Ollama on the GPU box" : info.label}
            autoComplete="off"
            data-testid="provider-name"
          />
        </FormField>
        <FormField
          label="Base URL"
          error={errors.fields.baseUrl}
          hint={kind === "compatible" ? "The address of the server's OpenAI-style API, usually ending in /v1." : `Default: ${info.defaultBaseUrl}`}
        >
          <Input
            name="provider-base-url"
            type="url"
            inputMode="url"
            value={baseUrl}
            onChange={(e) => edit(setBaseUrl)(e.target.value)}
            maxLength={500}
            placeholder={info.defaultBaseUrl || "http://localhost:11434/v1"}
            autoComplete="off"
            spellCheck={false}
            className="font-mono text-[13px]"
            data-testid="provider-base-url"
          />
        </FormField>
        {kind === "compatible" && !editing && (
          <div className="-mt-2 flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
            <span>Presets:</span>
            {COMPATIBLE_PRESETS.map((p) => (
              <Button
                key={p.label}
                variant="outline"
                size="sm"
                className="h-6 rounded-full px-2 text-xs"
                onClick={() => {
                  edit(setBaseUrl)(p.baseUrl);
                  if (!name.trim()) setName(p.name);
                }}
              >
                {p.label}
              </Button>
            ))}
          </div>
        )}
        <FormField label="API key" error={errors.fields.apiKey ?? (keyDisabled ? keyStorageMessage : null)} hint={keyHint}>
          <Input
            name="provider-api-key"
            type="password"
            value={apiKey}
            onChange={(e) => edit(setApiKey)(e.target.value)}
            maxLength={1000}
            placeholder={editing && provider.keyHint ? "••••••••  (unchanged)" : info.keyPlaceholder}
            autoComplete="new-password"
            spellCheck={false}
            disabled={keyDisabled || removeKey}
            data-testid="provider-api-key"
          />
        </FormField>
        {editing && kind === "compatible" && provider.keyHint && (
          <label className="-mt-2 flex items-center gap-2 text-sm">
            <input type="checkbox" checked={removeKey} onChange={(e) => edit(setRemoveKey)(e.target.checked)} className="size-4 accent-primary" />
            Remove the stored key (the server needs none)
          </label>
        )}
        {verdict && <TestVerdict result={verdict} />}
        <DialogFooter className="sm:justify-between">
          <Button variant="outline" onClick={runTest} loading={testing} disabled={saving} data-testid="provider-test">
            {!testing && <PlugZap />}
            {testing ? "Testing…" : "Test connection"}
          </Button>
          <div className="flex flex-col-reverse gap-2 sm:flex-row">
            <Button variant="ghost" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} disabled={testing} data-testid="provider-save">
              {editing ? "Save changes" : "Add provider"}
            </Button>
          </div>
        </DialogFooter>
      </form>
    </>
  );
}
