"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { formatDate, formatDateTime } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { FormAlert } from "@/components/ui/form-alert";
import { SkeletonList } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { splitFieldErrors, type FieldErrors } from "./field-errors";
import { formatPrice, parsePrice, priceText } from "./model-format";
import { PRICE_FIELDS, type ModelView, type PriceInput } from "./model-types";
import { PriceFields, type PriceTexts } from "./price-fields";

type Field = keyof PriceInput;
const LABELS = Object.fromEntries(PRICE_FIELDS.map((f) => [f.key, f.label])) as Record<Field, string>;
const NO_ERRORS: FieldErrors<Field> = { fields: {}, form: null };

/** A new price version for one model (old calls keep the version they were costed with), and the history. */
export function PriceDialog({
  model,
  readOnly,
  onOpenChange,
}: {
  model: ModelView | null;
  readOnly: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={!!model} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl" data-testid="price-dialog">
        {model && <PriceForm model={model} readOnly={readOnly} onClose={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

const asText = (n: number | undefined) => (n === undefined ? "" : priceText(n));

function PriceForm({ model, readOnly, onClose }: { model: ModelView; readOnly: boolean; onClose: () => void }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [prices, setPrices] = React.useState<PriceTexts>({
    inputPerMTok: asText(model.price?.inputPerMTok),
    outputPerMTok: asText(model.price?.outputPerMTok),
    cachedReadPerMTok: asText(model.price?.cachedReadPerMTok),
    cacheWritePerMTok: asText(model.price?.cacheWritePerMTok),
  });
  const [errors, setErrors] = React.useState<FieldErrors<Field>>(NO_ERRORS);
  const history = useQuery(trpc.models.priceHistory.queryOptions({ orgId, entryId: model.id }));
  const setPrice = useMutation(
    trpc.models.setPrice.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.models.priceHistory.queryKey() }),
        ]);
        toast.success(`New prices for ${model.displayName} apply from now on`);
        onClose();
      },
      onError: (e) => setErrors(splitFieldErrors(e, LABELS)),
    }),
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const fields: Partial<Record<Field, string>> = {};
    const parsed = {} as PriceInput;
    for (const f of PRICE_FIELDS) {
      const v = parsePrice(prices[f.key]);
      if (v === null) fields[f.key] = "Enter a price (0 if it is free).";
      else if (Number.isNaN(v) && !/^\s*-/.test(prices[f.key])) fields[f.key] = "Enter a number of dollars, like 2.50.";
      // A minus sign goes to the server, which says why it is refused.
      parsed[f.key] = Number.isNaN(v) ? Number(prices[f.key].trim().replace(/^\$/, "")) : (v ?? 0);
    }
    if (Object.keys(fields).length) return setErrors({ fields, form: null });
    setErrors(NO_ERRORS);
    setPrice.mutate({ orgId, entryId: model.id, ...parsed });
  }

  return (
    <>
      <DialogHeader>
        <DialogTitle>Prices for {model.displayName}</DialogTitle>
        <DialogDescription>
          {model.price ? (
            <>
              Priced since <span data-testid="price-since">{formatDate(model.price.effectiveFrom)}</span> ({model.price.source}).
              {!readOnly && " Saving makes a new price version: calls already made keep the price they were costed with."}
            </>
          ) : (
            `Not priced yet: its calls cost $0.${readOnly ? "" : " Saving sets its first price version."}`
          )}
        </DialogDescription>
      </DialogHeader>
      {!readOnly && (
      <form className="grid gap-4" noValidate onSubmit={submit}>
        {errors.form && <FormAlert testId="price-form-error">{errors.form}</FormAlert>}
        <PriceFields value={prices} onChange={(p) => {
            setPrices(p);
            setErrors(NO_ERRORS);
          }} errors={errors.fields} />
        <DialogFooter>
          <Button variant="ghost" onClick={onClose} disabled={setPrice.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={setPrice.isPending} data-testid="price-save">
            Save new prices
          </Button>
        </DialogFooter>
      </form>
      )}
      <section className={readOnly ? "grid gap-2" : "grid gap-2 border-t pt-4"} aria-labelledby="price-history-title">
        <h3 id="price-history-title" className="text-sm font-medium">
          Price history
        </h3>
        {history.isPending ? (
          <SkeletonList rows={2} label="Loading price history" />
        ) : history.isError ? (
          <ErrorState title="Couldn't load the price history" error={history.error} onRetry={() => void history.refetch()} retrying={history.isRefetching} />
        ) : history.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No price versions yet.</p>
        ) : (
          <Table data-testid="price-history">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>From</TableHead>
                {PRICE_FIELDS.map((f) => (
                  <TableHead key={f.key} className="text-right">
                    {f.short}
                  </TableHead>
                ))}
                <TableHead>Source</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {history.data.map((p) => (
                <TableRow key={p.priceId} data-testid="price-history-row">
                  <TableCell className="whitespace-nowrap">
                    <time dateTime={new Date(p.effectiveFrom).toISOString()}>{formatDateTime(p.effectiveFrom)}</time>
                    {p.priceId === model.price?.priceId && (
                      <Badge variant="success" className="ml-2">
                        Current
                      </Badge>
                    )}
                  </TableCell>
                  {PRICE_FIELDS.map((f) => (
                    <TableCell key={f.key} className="text-right tabular-nums">
                      {formatPrice(p[f.key])}
                    </TableCell>
                  ))}
                  <TableCell className="text-xs text-muted-foreground">{p.source}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </>
  );
}
