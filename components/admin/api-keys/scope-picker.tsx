"use client";

import { Checkbox } from "radix-ui";
import { Check } from "lucide-react";
import type { Permission } from "@/lib/rbac";
import { Button } from "@/components/ui/button";
import { isReadScope, SCOPE_GROUPS, SCOPE_LABELS } from "./scope-groups";

/** Checkboxes for the scopes the person holds, grouped; scopes they lack are not offered. */
export function ScopePicker({
  held,
  value,
  onChange,
  error,
}: {
  held: ReadonlySet<Permission>;
  value: Permission[];
  onChange: (scopes: Permission[]) => void;
  error?: string | null;
}) {
  const offered = SCOPE_GROUPS.map((g) => ({ ...g, scopes: g.scopes.filter((s) => held.has(s)) })).filter((g) => g.scopes.length);
  const all = offered.flatMap((g) => g.scopes);
  const toggle = (scope: Permission, on: boolean) => onChange(on ? all.filter((s) => s === scope || value.includes(s)) : value.filter((s) => s !== scope));
  return (
    <fieldset className="grid gap-2" aria-describedby={error ? "scope-error" : undefined}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <legend className="text-sm font-medium">Scopes</legend>
        <div className="flex gap-1">
          <Button type="button" variant="ghost" size="sm" onClick={() => onChange(all.filter(isReadScope))} data-testid="scopes-read-only">
            Read only
          </Button>
          <Button type="button" variant="ghost" size="sm" onClick={() => onChange(all)} data-testid="scopes-all">
            All I can do
          </Button>
          <Button type="button" variant="ghost" size="sm" onClick={() => onChange([])}>
            None
          </Button>
        </div>
      </div>
      <div className="grid max-h-72 gap-3 overflow-y-auto rounded-lg border p-3" data-testid="scope-picker">
        {offered.map((group) => (
          <div key={group.title} className="grid gap-1">
            <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">{group.title}</p>
            <ul className="grid gap-x-3 sm:grid-cols-2">
              {group.scopes.map((scope) => {
                const id = `scope-${scope.replace(":", "-")}`;
                return (
                  <li key={scope}>
                    <label htmlFor={id} className="flex cursor-pointer items-start gap-2.5 rounded-md px-1.5 py-1 hover:bg-muted/60">
                      <Checkbox.Root
                        id={id}
                        checked={value.includes(scope)}
                        onCheckedChange={(next) => toggle(scope, next === true)}
                        data-testid="scope"
                        data-scope={scope}
                        className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-[4px] border border-input shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring data-[state=checked]:border-primary data-[state=checked]:bg-primary data-[state=checked]:text-primary-foreground"
                      >
                        <Checkbox.Indicator>
                          <Check className="size-3" strokeWidth={3} />
                        </Checkbox.Indicator>
                      </Checkbox.Root>
                      <span className="grid leading-tight">
                        <span className="text-sm">{SCOPE_LABELS[scope]}</span>
                        <code className="font-mono text-[11px] text-muted-foreground">{scope}</code>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
      {error && (
        <p id="scope-error" role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </fieldset>
  );
}
