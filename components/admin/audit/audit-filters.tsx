"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { auditActionLabel } from "@/lib/audit-labels";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export type AuditFilterValues = { actorId: string; action: string; from: string; to: string };
export const EMPTY_FILTERS: AuditFilterValues = { actorId: "", action: "", from: "", to: "" };
// Radix Select reserves "" for "no value": use a sentinel for "any".
const ANY = "__any";

export function AuditFilters({ value, onChange }: { value: AuditFilterValues; onChange: (v: AuditFilterValues) => void }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions({ orgId }));
  const actions = useQuery(trpc.audit.actions.queryOptions({ orgId }));
  const set = (patch: Partial<AuditFilterValues>) => onChange({ ...value, ...patch });
  const active = value.actorId || value.action || value.from || value.to;

  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_10rem_10rem_auto] lg:items-end" data-testid="audit-filters">
      <div className="grid gap-1.5">
        <Label id="audit-actor-label">Actor</Label>
        <Select value={value.actorId || ANY} onValueChange={(v) => set({ actorId: v === ANY ? "" : v })}>
          <SelectTrigger aria-labelledby="audit-actor-label" data-testid="audit-filter-actor">
            <SelectValue placeholder={members.isPending ? "Loading…" : "Anyone"} />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>Anyone</SelectItem>
            {members.data?.map((m) => (
              <SelectItem key={m.userId} value={m.userId} description={m.email}>
                {m.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label id="audit-action-label">Action</Label>
        <Select value={value.action || ANY} onValueChange={(v) => set({ action: v === ANY ? "" : v })}>
          <SelectTrigger aria-labelledby="audit-action-label" data-testid="audit-filter-action">
            <SelectValue placeholder={actions.isPending ? "Loading…" : "All actions"} />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>All actions</SelectItem>
            {actions.data?.map((a) => (
              <SelectItem key={a} value={a}>
                {auditActionLabel(a)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-from">From</Label>
        <Input id="audit-from" type="date" value={value.from} max={value.to || undefined} onChange={(e) => set({ from: e.target.value })} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-to">To</Label>
        <Input id="audit-to" type="date" value={value.to} min={value.from || undefined} onChange={(e) => set({ to: e.target.value })} />
      </div>
      <Button variant="ghost" onClick={() => onChange(EMPTY_FILTERS)} disabled={!active} className="justify-self-start">
        <X />
        Clear
      </Button>
    </div>
  );
}

/** Date inputs are local calendar days: "to" includes the whole day. */
export function toQuery(f: AuditFilterValues) {
  return {
    actorId: f.actorId || undefined,
    action: f.action || undefined,
    from: f.from ? new Date(`${f.from}T00:00:00`) : undefined,
    to: f.to ? new Date(`${f.to}T23:59:59.999`) : undefined,
  };
}
