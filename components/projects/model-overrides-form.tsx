"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Lock, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { FormAlert } from "@/components/ui/form-alert";
import { Select, SelectContent, SelectGroup, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { overrideRoleLabel, type ModelOverride } from "./model-overrides";

const TIER_DEFAULT = "__tier__";
type CatalogModel = { id: string; provider: string; modelId: string; displayName: string; sourceLabel: string; enabled: boolean; available: boolean };

/** An override names a model by catalog entry id or provider:model: find it either way. */
const findModel = (models: CatalogModel[], ref: string) => models.find((m) => m.id === ref || `${m.provider}:${m.modelId}` === ref);

export function ModelOverridesForm({
  projectId,
  roles,
  overrides,
  canEdit,
  onDone,
}: {
  projectId: string;
  roles: string[];
  overrides: ModelOverride[];
  canEdit: boolean;
  onDone: () => void;
}) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalog = useQuery(trpc.models.catalog.queryOptions({ orgId }));
  const [choice, setChoice] = React.useState<Record<string, string>>(() => Object.fromEntries(overrides.map((o) => [o.role, o.model])));
  const [error, setError] = React.useState<string | null>(null);
  const save = useMutation(
    trpc.projects.updateSettings.mutationOptions({
      onSuccess: async (_d, { modelOverrides }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ projectId }) });
        toast.success(modelOverrides?.length ? "Agents of the chosen roles now use those models" : "Every role uses its tier's model again");
        onDone();
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  // "*" first, then the team; a role that has an override but no task any more stays listed so it can be cleared.
  const rows = [...new Set(["*", ...roles, ...overrides.map((o) => o.role)])];
  const submit = (list: ModelOverride[]) => {
    setError(null);
    save.mutate({ projectId, modelOverrides: list });
  };

  let body: React.ReactNode;
  if (catalog.isPending) body = <Skeleton className="h-40" />;
  else if (catalog.isError)
    body = <ErrorState title="Couldn't load the organisation's models" error={catalog.error} onRetry={() => void catalog.refetch()} retrying={catalog.isRefetching} />;
  else {
    const models = catalog.data.models;
    const usable = models.filter((m) => m.enabled && m.available);
    const groups = [...new Set(usable.map((m) => m.sourceLabel))].map((label) => ({ label, models: usable.filter((m) => m.sourceLabel === label) }));
    body = (
      <ul className="grid gap-2" data-testid="model-overrides">
        {rows.map((role) => {
          const ref = choice[role];
          const current = ref ? findModel(models, ref) : undefined;
          const stale = ref && (!current || !current.enabled || !current.available);
          const labelId = `override-${role === "*" ? "every" : role}`;
          return (
            <li key={role} className="grid gap-1 sm:grid-cols-[9rem_1fr] sm:items-center sm:gap-3" data-testid="model-override-row" data-role={role}>
              <span id={labelId} className="text-sm font-medium">
                {overrideRoleLabel(role)}
              </span>
              {canEdit ? (
                <Select value={ref ?? TIER_DEFAULT} disabled={save.isPending} onValueChange={(v) => setChoice((c) => ({ ...c, [role]: v === TIER_DEFAULT ? "" : v }))}>
                  <SelectTrigger className="w-full min-w-0" aria-labelledby={labelId} data-testid="model-override-select">
                    <SelectValue>{ref ? (current?.displayName ?? ref) : role === "*" ? "Each role's tier model" : "As every role"}</SelectValue>
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value={TIER_DEFAULT} description={role === "*" ? "The tier's model, as Admin → Models sets it" : "The \"Every role\" choice, else the tier's model"}>
                      {role === "*" ? "Each role's tier model" : "As every role"}
                    </SelectItem>
                    {ref && !current && <SelectItem value={ref}>{ref}</SelectItem>}
                    {groups.map((g) => (
                      <SelectGroup key={g.label}>
                        <div className="px-2 pt-2 pb-1 text-xs font-medium text-muted-foreground">{g.label}</div>
                        {g.models.map((m) => (
                          <SelectItem key={m.id} value={m.id} description={m.displayName !== m.modelId ? m.modelId : undefined} data-testid="model-override-option">
                            {m.displayName}
                          </SelectItem>
                        ))}
                      </SelectGroup>
                    ))}
                  </SelectContent>
                </Select>
              ) : (
                <span className="min-w-0 truncate rounded-md bg-muted/50 px-3 py-1.5 text-sm" data-testid="model-override-value">
                  {ref ? (current?.displayName ?? ref) : role === "*" ? "Each role's tier model" : "As every role"}
                </span>
              )}
              {stale && (
                <p className="flex gap-1.5 text-xs text-muted-foreground sm:col-start-2" data-testid="model-override-stale">
                  <TriangleAlert className="mt-px size-3.5 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
                  Not an enabled model any more: agents of this role use their tier&apos;s model until you choose another.
                </p>
              )}
            </li>
          );
        })}
      </ul>
    );
  }

  const chosen = Object.entries(choice)
    .filter(([, model]) => model)
    .map(([role, model]) => ({ role, model }));
  return (
    <form
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit(chosen);
      }}
    >
      <DialogHeader>
        <DialogTitle>Models for this project</DialogTitle>
        <DialogDescription>
          Each agent role normally uses its tier&apos;s model. Choose a model for a role to use it first; its tier&apos;s models stay the fallbacks.
        </DialogDescription>
      </DialogHeader>
      {!canEdit && (
        <p className="flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="model-overrides-locked">
          <Lock className="size-3" aria-hidden />
          Only owners and admins can change these.
        </p>
      )}
      {body}
      {error && <FormAlert testId="model-overrides-error">{error}</FormAlert>}
      <DialogFooter className="gap-2">
        {canEdit ? (
          <>
            <Button type="button" variant="ghost" disabled={save.isPending || overrides.length === 0} onClick={() => submit([])} data-testid="model-overrides-clear">
              Clear all
            </Button>
            <Button type="submit" disabled={save.isPending || !catalog.isSuccess} data-testid="model-overrides-save">
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          </>
        ) : (
          <Button type="button" variant="outline" onClick={onDone}>
            Close
          </Button>
        )}
      </DialogFooter>
    </form>
  );
}
