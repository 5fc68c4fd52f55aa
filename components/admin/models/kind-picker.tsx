"use client";

import { cn } from "@/lib/utils";
import { PROVIDER_KINDS, type ProviderKind } from "./model-types";

/** The three provider kinds as a radio group of cards (arrow keys move, as in any radio group). */
export function KindPicker({ value, onChange }: { value: ProviderKind; onChange: (kind: ProviderKind) => void }) {
  return (
    <fieldset className="grid gap-1.5">
      <legend className="mb-1.5 text-sm leading-none font-medium">Kind</legend>
      <div className="grid gap-2 sm:grid-cols-3" role="radiogroup" aria-label="Provider kind">
        {PROVIDER_KINDS.map((k) => (
          <label
            key={k.value}
            className={cn(
              "grid cursor-pointer gap-0.5 rounded-lg border p-2.5 text-left transition-colors has-focus-visible:ring-2 has-focus-visible:ring-ring hover:bg-accent/50",
              value === k.value && "border-primary bg-primary/5 ring-1 ring-primary",
            )}
            data-testid={`provider-kind-${k.value}`}
          >
            <input
              type="radio"
              name="provider-kind"
              value={k.value}
              checked={value === k.value}
              onChange={() => onChange(k.value)}
              className="sr-only"
            />
            <span className="text-sm font-medium">{k.label}</span>
            <span className="text-xs leading-snug text-muted-foreground">{k.description}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
