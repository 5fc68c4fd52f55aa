"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Globe } from "lucide-react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/format";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

const ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** Day and month budgets reset at midnight in this zone (the cost panel's days follow it too). */
export function TimeZoneCard({ timeZone }: { timeZone: string }) {
  const { orgId, role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = React.useState(timeZone);
  const [error, setError] = React.useState<string | null>(null);
  const save = useMutation(
    trpc.budgets.setTimeZone.mutationOptions({
      onSuccess: () => {
        toast.success(`Budgets now reset at midnight in ${value}`);
        void queryClient.invalidateQueries({ queryKey: trpc.budgets.list.queryKey() });
      },
      onError: (e) => setError(errorMessage(e).replace(/^timeZone:\s*/, "")),
    }),
  );
  const editable = can(role, "org:update");
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        save.mutate({ orgId, timeZone: value.trim() });
      }}
    >
      <FormField label={<span className="flex items-center gap-1.5"><Globe className="size-3.5" aria-hidden />Organisation time zone</span>} error={error} hint="Day and month budgets reset at local midnight here." className="min-w-64 flex-1">
        <Input list="aios-time-zones" value={value} onChange={(e) => setValue(e.target.value)} disabled={!editable} maxLength={64} data-testid="time-zone" />
      </FormField>
      <datalist id="aios-time-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {editable && (
        <Button type="submit" variant="outline" loading={save.isPending} disabled={value.trim() === timeZone} data-testid="time-zone-save">
          Save time zone
        </Button>
      )}
    </form>
  );
}
