"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PRICE_FIELDS, type PriceInput } from "./model-types";

export type PriceTexts = Record<keyof PriceInput, string>;
export const EMPTY_PRICES: PriceTexts = { inputPerMTok: "", outputPerMTok: "", cachedReadPerMTok: "", cacheWritePerMTok: "" };

const HINTS: Record<keyof PriceInput, string> = {
  inputPerMTok: "Prompt tokens",
  outputPerMTok: "Generated tokens",
  cachedReadPerMTok: "Prompt tokens read from the cache",
  cacheWritePerMTok: "Prompt tokens written to the cache",
};

/** Four dollar fields, per million tokens; errors from the server appear under the field they name. */
export function PriceFields({
  value,
  onChange,
  errors,
  placeholder = "0.00",
}: {
  value: PriceTexts;
  onChange: (next: PriceTexts) => void;
  errors: Partial<Record<keyof PriceInput, string>>;
  placeholder?: string;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {PRICE_FIELDS.map((f) => (
        <FormField key={f.key} label={`${f.short} ($ / 1M tokens)`} hint={HINTS[f.key]} error={errors[f.key]}>
          <Input
            name={f.key}
            inputMode="decimal"
            maxLength={20}
            value={value[f.key]}
            onChange={(e) => onChange({ ...value, [f.key]: e.target.value })}
            placeholder={placeholder}
            autoComplete="off"
            className="tabular-nums"
            data-testid={`price-${f.key}`}
          />
        </FormField>
      ))}
    </div>
  );
}
