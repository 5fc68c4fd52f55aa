"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { can } from "@/lib/rbac";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { Switch } from "@/components/admin/models/switch";
import { useOrg } from "@/components/org/org-provider";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

const MARGINS = [2, 5, 10, 20];

type Setting = { enabled: boolean; marginPct: number };

/**
 * "Learn from outcomes": each role goes to the cheapest model whose success rate on this deployment's
 * tasks stays within the margin of the best (Admin → Models shows the figures). Admins only, like
 * the other controls on the project.
 */
export function LearnedRoutingSetting({ projectId, value }: { projectId: string; value: Setting }) {
  const { role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = React.useId();
  const key = trpc.projects.get.queryKey({ projectId });
  const set = (learnedRouting: Setting) => queryClient.setQueryData(key, (old) => (old ? { ...old, settings: { ...old.settings, learnedRouting } } : old));
  const update = useMutation(
    trpc.projects.updateSettings.mutationOptions({
      onMutate: ({ learnedRouting }) => {
        if (learnedRouting) set(learnedRouting);
      },
      onSuccess: (_d, { learnedRouting }) =>
        toast.success(learnedRouting?.enabled ? `Agents now use the cheapest model within ${learnedRouting.marginPct} points of the best` : "Agents use their tier's model"),
      onError: (e) => {
        set(value);
        toast.error(errorMessage(e));
      },
    }),
  );
  const allowed = can(role, "projects:safety");
  const save = (next: Setting) => update.mutate({ projectId, learnedRouting: next });
  return (
    <div className="flex items-center gap-2" data-testid="learned-routing">
      <Switch id={id} checked={value.enabled} disabled={!allowed || update.isPending} onCheckedChange={(enabled) => save({ ...value, enabled })} />
      <label htmlFor={id} className="text-sm select-none peer-disabled:opacity-60" title={allowed ? undefined : "Only admins can change this"}>
        Learn from outcomes
      </label>
      {value.enabled && (
        <Select value={String(value.marginPct)} disabled={!allowed || update.isPending} onValueChange={(v) => save({ ...value, marginPct: Number(v) })}>
          <SelectTrigger size="sm" className="h-7 w-auto" aria-label="Margin from the best success rate">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {MARGINS.includes(value.marginPct) ? null : <SelectItem value={String(value.marginPct)}>within {value.marginPct} points</SelectItem>}
            {MARGINS.map((m) => (
              <SelectItem key={m} value={String(m)}>
                within {m} points
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      )}
    </div>
  );
}
