"use client";

import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/lib/utils";
import { BUCKET_LABELS, GROUP_LABELS, PRESETS, presetRange, type Preset } from "./range";
import type { Bucket, GroupBy } from "./types";

export type UsageView = { preset: Preset; from: string; to: string; bucket: Bucket; groupBy: GroupBy };

export function defaultView(today: string): UsageView {
  return { preset: "30d", ...presetRange("30d", today), bucket: "day", groupBy: "model" };
}

/** Range preset or custom days, day/week/month buckets, and what the spend is stacked by. */
export function UsageControls({
  value,
  onChange,
  today,
  groups,
  timeZone,
}: {
  value: UsageView;
  onChange: (v: UsageView) => void;
  today: string;
  groups: GroupBy[];
  timeZone: string;
}) {
  const set = (patch: Partial<UsageView>) => onChange({ ...value, ...patch });
  return (
    <div className="flex flex-wrap items-end gap-3" data-testid="usage-controls">
      <div className="grid gap-1.5">
        <Label id="usage-range-label">Range</Label>
        <Select
          value={value.preset}
          onValueChange={(p) => set(p === "custom" ? { preset: "custom" } : { preset: p as Preset, ...presetRange(p as Exclude<Preset, "custom">, today) })}
        >
          <SelectTrigger aria-labelledby="usage-range-label" className="w-40" data-testid="usage-range">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {Object.entries(PRESETS).map(([k, label]) => (
              <SelectItem key={k} value={k}>
                {label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {value.preset === "custom" && (
        <>
          <div className="grid gap-1.5">
            <Label htmlFor="usage-from">From</Label>
            <Input id="usage-from" type="date" className="w-40" value={value.from} max={value.to} onChange={(e) => e.target.value && set({ from: e.target.value })} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="usage-to">To</Label>
            <Input id="usage-to" type="date" className="w-40" value={value.to} min={value.from} onChange={(e) => e.target.value && set({ to: e.target.value })} />
          </div>
        </>
      )}
      <div className="grid gap-1.5">
        <span className="text-sm font-medium" id="usage-bucket-label">
          Per
        </span>
        <div role="radiogroup" aria-labelledby="usage-bucket-label" className="inline-flex h-9 rounded-md border p-0.5">
          {(Object.keys(BUCKET_LABELS) as Bucket[]).map((b) => (
            <button
              key={b}
              type="button"
              role="radio"
              aria-checked={value.bucket === b}
              onClick={() => set({ bucket: b })}
              className={cn(
                "rounded px-3 text-sm transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring",
                value.bucket === b ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:text-foreground",
              )}
              data-testid={`usage-bucket-${b}`}
            >
              {BUCKET_LABELS[b]}
            </button>
          ))}
        </div>
      </div>
      <div className="grid gap-1.5">
        <Label id="usage-group-label">Stack by</Label>
        <Select value={value.groupBy} onValueChange={(g) => set({ groupBy: g as GroupBy })}>
          <SelectTrigger aria-labelledby="usage-group-label" className="w-36" data-testid="usage-group">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {groups.map((g) => (
              <SelectItem key={g} value={g}>
                {GROUP_LABELS[g]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <p className="pb-2 text-xs text-muted-foreground">Days follow the organisation&apos;s calendar ({timeZone}).</p>
    </div>
  );
}
