"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ListRestart } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { splitFieldErrors, type FieldErrors } from "./field-errors";
import { formatTokens, parsePrice, parseTokens } from "./model-format";
import { PRICE_FIELDS, kindLabel, type ModelView, type PriceInput, type ProviderView } from "./model-types";
import { EMPTY_PRICES, PriceFields, type PriceTexts } from "./price-fields";
import type { useProviderTest } from "./use-provider-test";

const FIELDS = {
  credentialId: "Provider",
  modelId: "Model id",
  displayName: "Display name",
  contextWindow: "Context window",
  maxOutputTokens: "Max output tokens",
  inputPerMTok: "Input price",
  outputPerMTok: "Output price",
  cachedReadPerMTok: "Cached-read price",
  cacheWritePerMTok: "Cache-write price",
} as const;
type Field = keyof typeof FIELDS;
const NO_ERRORS: FieldErrors<Field> = { fields: {}, form: null };

export type ModelDialogState = { mode: "add"; credentialId?: string } | { mode: "edit"; model: ModelView } | null;

/** Add a model of a saved provider to the catalog, or edit a provider model's name, limits and capabilities. */
export function ModelDialog({
  state,
  onOpenChange,
  providers,
  priceTableDate,
  tests,
}: {
  state: ModelDialogState;
  onOpenChange: (open: boolean) => void;
  providers: ProviderView[];
  priceTableDate: string;
  tests: ReturnType<typeof useProviderTest>;
}) {
  return (
    <Dialog open={!!state} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl" data-testid="model-dialog">
        {state && (
          <ModelForm state={state} providers={providers} priceTableDate={priceTableDate} tests={tests} onClose={() => onOpenChange(false)} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function ModelForm({
  state,
  providers,
  priceTableDate,
  tests,
  onClose,
}: {
  state: NonNullable<ModelDialogState>;
  providers: ProviderView[];
  priceTableDate: string;
  tests: ReturnType<typeof useProviderTest>;
  onClose: () => void;
}) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editing = state.mode === "edit" ? state.model : null;
  const saved = providers.filter((p) => !p.fromEnvironment);
  const [credentialId, setCredentialId] = React.useState(
    editing?.credentialId ?? (state.mode === "add" ? state.credentialId : undefined) ?? saved[0]?.id ?? "",
  );
  const [modelId, setModelId] = React.useState(editing?.modelId ?? "");
  const [displayName, setDisplayName] = React.useState(editing?.displayName ?? "");
  const [contextWindow, setContextWindow] = React.useState(editing ? String(editing.contextWindow) : "");
  const [maxOutput, setMaxOutput] = React.useState(editing ? String(editing.maxOutputTokens) : "");
  const [caps, setCaps] = React.useState(editing?.capabilities ?? { tools: true, structuredOutput: true, vision: false });
  const [prices, setPrices] = React.useState<PriceTexts>(EMPTY_PRICES);
  const [errors, setErrors] = React.useState<FieldErrors<Field>>(NO_ERRORS);
  const listed = tests.recent[credentialId]?.modelIds ?? [];
  const listId = React.useId();

  const onError = (e: unknown) => setErrors(splitFieldErrors(e, FIELDS));
  const done = async (view: ModelView, verb: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
    toast.success(`${view.displayName} ${verb}`);
    onClose();
  };
  const add = useMutation(trpc.models.addModel.mutationOptions({ onSuccess: (v) => done(v, "added to the catalog"), onError }));
  const update = useMutation(trpc.models.updateModel.mutationOptions({ onSuccess: (v) => done(v, "saved"), onError }));
  const pending = add.isPending || update.isPending;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const fields: Partial<Record<Field, string>> = {};
    const ctx = parseTokens(contextWindow);
    const out = parseTokens(maxOutput);
    if (!editing && !credentialId) fields.credentialId = "Choose the provider that serves this model.";
    if (!editing && !modelId.trim()) fields.modelId = "Enter the model id the provider uses, e.g. gpt-4.1 or llama3.1:8b.";
    if (Number.isNaN(ctx) || (ctx !== null && ctx < 1)) fields.contextWindow = "Enter a number of tokens, like 128000 or 128k.";
    if (Number.isNaN(out) || (out !== null && out < 1)) fields.maxOutputTokens = "Enter a number of tokens, like 16384 or 16k.";
    // Prices are all or nothing: none typed means the dated price table's (or unpriced).
    const typed = PRICE_FIELDS.filter((f) => prices[f.key].trim() !== "");
    let price: PriceInput | undefined;
    if (typed.length) {
      price = {} as PriceInput;
      for (const f of PRICE_FIELDS) {
        const v = parsePrice(prices[f.key]);
        if (v === null) fields[f.key] = "Enter this price too (0 if it is free).";
        else if (Number.isNaN(v) && !/^\s*-/.test(prices[f.key])) fields[f.key] = "Enter a number of dollars, like 2.50.";
        price[f.key] = Number.isNaN(v) ? Number(prices[f.key].trim().replace(/^\$/, "")) : (v ?? 0);
      }
    }
    if (Object.keys(fields).length) return setErrors({ fields, form: null });
    setErrors(NO_ERRORS);
    const limits = { contextWindow: ctx ?? undefined, maxOutputTokens: out ?? undefined };
    if (editing) {
      return update.mutate({ orgId, entryId: editing.id, displayName: displayName.trim(), ...limits, capabilities: caps });
    }
    add.mutate({ orgId, credentialId, modelId: modelId.trim(), displayName: displayName.trim() || undefined, ...limits, capabilities: caps, price });
  }

  const clear = () => setErrors(NO_ERRORS);
  return (
    <>
      <DialogHeader>
        <DialogTitle>{editing ? `Edit ${editing.displayName}` : "Add a model"}</DialogTitle>
        <DialogDescription>
          {editing
            ? "Prices have their own dialog: each change there is a new price version."
            : "Make one of a provider's models available to tiers and agents."}
        </DialogDescription>
      </DialogHeader>
      <form className="grid gap-4" noValidate onSubmit={submit}>
        {errors.form && <FormAlert testId="model-form-error">{errors.form}</FormAlert>}
        {!editing && (
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Provider" error={errors.fields.credentialId}>
              <Select value={credentialId} onValueChange={(v) => (setCredentialId(v), clear())}>
                <SelectTrigger aria-label="Provider" data-testid="model-provider">
                  <SelectValue placeholder="Choose a provider" />
                </SelectTrigger>
                <SelectContent>
                  {saved.map((p) => (
                    <SelectItem key={p.id} value={p.id} description={kindLabel(p.kind)}>
                      {p.name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </FormField>
            <FormField
              label="Model id"
              error={errors.fields.modelId}
              hint={listed.length ? `${listed.length} ids from the last connection test are suggested.` : "Exactly as the provider names it."}
            >
              <Input
                name="model-id"
                value={modelId}
                onChange={(e) => (setModelId(e.target.value), clear())}
                list={listed.length ? listId : undefined}
                maxLength={200}
                placeholder="e.g. gpt-4.1 or llama3.1:8b"
                autoComplete="off"
                spellCheck={false}
                className="font-mono text-[13px]"
                data-testid="model-id"
              />
            </FormField>
            {listed.length > 0 && (
              <datalist id={listId}>
                {listed.map((id) => (
                  <option key={id} value={id} />
                ))}
              </datalist>
            )}
          </div>
        )}
        {!editing && credentialId && listed.length === 0 && (
          <Button
            variant="link"
            size="sm"
            className="-mt-3 h-auto justify-self-start px-0 text-xs"
            onClick={() => tests.test(credentialId)}
            loading={tests.pendingId === credentialId}
          >
            {tests.pendingId !== credentialId && <ListRestart />}
            Ask the provider which models it has
          </Button>
        )}
        <FormField label="Display name" error={errors.fields.displayName} hint="Optional: shown in tier pickers and the usage panel.">
          <Input
            name="display-name"
            value={displayName}
            onChange={(e) => (setDisplayName(e.target.value), clear())}
            maxLength={120}
            placeholder={modelId || "Same as the model id"}
            autoComplete="off"
            data-testid="model-display-name"
          />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Context window" error={errors.fields.contextWindow} hint={editing ? `Now ${formatTokens(editing.contextWindow)} tokens` : "Tokens; empty: the price table's, else 128k."}>
            <Input name="context-window" inputMode="numeric" maxLength={12} value={contextWindow} onChange={(e) => (setContextWindow(e.target.value), clear())} placeholder="128k" data-testid="model-context-window" />
          </FormField>
          <FormField label="Max output tokens" error={errors.fields.maxOutputTokens} hint={editing ? `Now ${formatTokens(editing.maxOutputTokens)} tokens` : "Empty: the price table's, else 16k."}>
            <Input name="max-output" inputMode="numeric" maxLength={12} value={maxOutput} onChange={(e) => (setMaxOutput(e.target.value), clear())} placeholder="16k" data-testid="model-max-output" />
          </FormField>
        </div>
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-sm leading-none font-medium">Capabilities</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {(
              [
                ["tools", "Tools", "Agents need it to act"],
                ["structuredOutput", "Structured output", "Answers in a given JSON shape"],
                ["vision", "Vision", "Reads images"],
              ] as const
            ).map(([key, label, hint]) => (
              <label key={key} className="flex items-start gap-2 text-sm" title={hint}>
                <input
                  type="checkbox"
                  checked={caps[key]}
                  onChange={(e) => setCaps({ ...caps, [key]: e.target.checked })}
                  className="mt-0.5 size-4 accent-primary"
                  data-testid={`model-cap-${key}`}
                />
                <span className="grid">
                  {label}
                  <span className="text-xs text-muted-foreground">{hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {!editing && (
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm leading-none font-medium">Prices</legend>
            <p className="text-xs text-muted-foreground">
              Leave all four empty to use the price table of {priceTableDate} when it knows this model; otherwise the model is unpriced (its
              calls cost $0) until you set a price.
            </p>
            <PriceFields value={prices} onChange={(p) => (setPrices(p), clear())} errors={errors.fields} placeholder="" />
          </fieldset>
        )}
        <DialogFooter>
          <Button variant="ghost" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} data-testid="model-save">
            {editing ? "Save changes" : "Add model"}
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}
