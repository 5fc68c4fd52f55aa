"use client";

import * as React from "react";
import { Search, X } from "lucide-react";
import { humanize } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export type ProjectFilterValues = { q: string; status: string; archived: "active" | "archived" | "all" };
export const NO_FILTERS: ProjectFilterValues = { q: "", status: "", archived: "active" };
const STATUSES = ["draft", "running", "paused", "completed", "needs_attention", "failed", "cancelled"];
// Radix Select reserves "" for "no value": a sentinel stands for "any status".
const ANY = "__any";

export const hasFilters = (f: ProjectFilterValues) => Boolean(f.q.trim() || f.status || f.archived !== "active");

/** The list query's input: empty fields left out. */
export function toListFilter(f: ProjectFilterValues) {
  return { archived: f.archived, ...(f.status ? { status: f.status as never } : {}), ...(f.q.trim() ? { q: f.q.trim() } : {}) };
}

/** Search by name, status and archived: the projects page's filter bar. The search waits for a pause in typing. */
export function ProjectFilters({ value, onChange }: { value: ProjectFilterValues; onChange: (v: ProjectFilterValues) => void }) {
  const [q, setQ] = React.useState(value.q);
  // Cleared from outside ("Clear filters" in the empty list): the box follows.
  const [seen, setSeen] = React.useState(value.q);
  if (seen !== value.q) {
    setSeen(value.q);
    setQ(value.q);
  }
  React.useEffect(() => {
    if (q === value.q) return;
    const t = setTimeout(() => onChange({ ...value, q }), 250);
    return () => clearTimeout(t);
  }, [q, value, onChange]);
  const set = (patch: Partial<ProjectFilterValues>) => onChange({ ...value, q, ...patch });

  return (
    <div className="mb-5 grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_11rem_9rem_auto] sm:items-end" data-testid="project-filters">
      <div className="grid gap-1.5">
        <Label htmlFor="project-search">Search</Label>
        <div className="relative">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input id="project-search" type="search" placeholder="Project name" maxLength={100} value={q} onChange={(e) => setQ(e.target.value)} className="pl-8" data-testid="project-search" />
        </div>
      </div>
      <div className="grid gap-1.5">
        <Label id="project-status-label">Status</Label>
        <Select value={value.status || ANY} onValueChange={(v) => set({ status: v === ANY ? "" : v })}>
          <SelectTrigger aria-labelledby="project-status-label" data-testid="project-filter-status">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>Any status</SelectItem>
            {STATUSES.map((s) => (
              <SelectItem key={s} value={s}>
                {humanize(s)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label id="project-archived-label">Show</Label>
        <Select value={value.archived} onValueChange={(v) => set({ archived: v as ProjectFilterValues["archived"] })}>
          <SelectTrigger aria-labelledby="project-archived-label" data-testid="project-filter-archived">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="active">Active</SelectItem>
            <SelectItem value="archived">Archived</SelectItem>
            <SelectItem value="all">All</SelectItem>
          </SelectContent>
        </Select>
      </div>
      <Button
        variant="ghost"
        onClick={() => {
          setQ("");
          onChange(NO_FILTERS);
        }}
        disabled={!hasFilters({ ...value, q })}
        className="justify-self-start"
      >
        <X />
        Clear
      </Button>
    </div>
  );
}
