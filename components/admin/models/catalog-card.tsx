"use client";

import * as React from "react";
import { Boxes, FlaskConical, History, Plus, Search, TriangleAlert } from "lucide-react";
import { formatDate, formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { tierLabel } from "@/components/agents/agent-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CapabilityBadges } from "./capability-badges";
import { ModelActions } from "./model-actions";
import { ModelEnabledSwitch } from "./model-enabled-switch";
import { formatPrice, formatTokens } from "./model-format";
import { PRICE_FIELDS, type CatalogTier, type CatalogView, type ModelView } from "./model-types";

const FILTER_FROM = 8;

export function CatalogCard({
  catalog,
  manage,
  fallbackTiers,
  onAdd,
  onEdit,
  onPrices,
}: {
  catalog: CatalogView;
  manage: boolean;
  /** Entry id → the tiers it is a same-tier fallback of. */
  fallbackTiers: Map<string, CatalogTier[]>;
  onAdd: () => void;
  onEdit: (model: ModelView) => void;
  onPrices: (model: ModelView) => void;
}) {
  const [query, setQuery] = React.useState("");
  const canAdd = catalog.providers.some((p) => !p.fromEnvironment);
  const q = query.trim().toLowerCase();
  const models = q
    ? catalog.models.filter((m) => [m.displayName, m.modelId, m.sourceLabel].some((s) => s.toLowerCase().includes(q)))
    : catalog.models;

  return (
    <Card className="overflow-hidden" data-testid="catalog-card">
      <CardHeader className="flex-col items-start justify-between gap-4 space-y-0 sm:flex-row">
        <div className="grid min-w-0 flex-1 gap-1">
          <CardTitle>Model catalog</CardTitle>
          <CardDescription>
            Prices are in US dollars per million tokens. New models are priced from the table of {catalog.priceTableDate}; every call keeps the price
            version it was costed with.
          </CardDescription>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          {catalog.models.length >= FILTER_FROM && (
            <div className="relative">
              <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
              <Input
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder="Filter models"
                maxLength={200}
                aria-label="Filter models"
                className="h-8 w-44 pl-8 text-xs"
              />
            </div>
          )}
          {manage && (
            <Button size="sm" onClick={onAdd} disabled={!canAdd} title={canAdd ? undefined : "Add a provider first"} data-testid="model-add">
              <Plus />
              Add model
            </Button>
          )}
        </div>
      </CardHeader>
      {catalog.models.length === 0 ? (
        <EmptyState
          icon={Boxes}
          title="No models in the catalog"
          description={canAdd ? "Add a model of one of your providers." : "Add a provider first, then its models."}
          className="m-5 mt-0"
        />
      ) : models.length === 0 ? (
        <EmptyState icon={Search} title="No model matches" description={`Nothing matches “${query}”.`} className="m-5 mt-0" />
      ) : (
        <Table data-testid="catalog-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-5">Model</TableHead>
              <TableHead>Provider</TableHead>
              <TableHead>Capabilities</TableHead>
              <TableHead className="text-right" title="Context window / max output tokens">
                Context
              </TableHead>
              {PRICE_FIELDS.map((f) => (
                <TableHead key={f.key} className="text-right" title={`${f.label} in US dollars per million tokens`}>
                  {f.short}
                </TableHead>
              ))}
              <TableHead>Enabled</TableHead>
              <TableHead className="w-12 pr-5">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {models.map((m) => (
              <ModelRow key={m.id} model={m} fallbackOf={fallbackTiers.get(m.id) ?? []} manage={manage} onEdit={() => onEdit(m)} onPrices={() => onPrices(m)} />
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

function ModelRow({
  model: m,
  fallbackOf,
  manage,
  onEdit,
  onPrices,
}: {
  model: ModelView;
  fallbackOf: CatalogTier[];
  manage: boolean;
  onEdit: () => void;
  onPrices: () => void;
}) {
  const offline = m.source === "offline";
  return (
    <TableRow data-testid="model-row" data-model-id={m.modelId} data-enabled={m.enabled} className={cn((!m.enabled || !m.available) && "text-muted-foreground")}>
      <TableCell className="pl-5">
        <div className="grid min-w-44 gap-1">
          <span className="flex flex-wrap items-center gap-1.5 font-medium text-foreground">
            {offline && <FlaskConical className="size-3.5 text-warning-foreground dark:text-warning" aria-hidden />}
            {m.displayName}
            {m.tiers.map((t) => (
              <Badge key={t} variant="info" data-testid="model-tier">
                {tierLabel(t)}
              </Badge>
            ))}
            {fallbackOf.map((t) => (
              <Badge key={`fallback-${t}`} variant="muted" title={`Tried when the ${tierLabel(t)} tier's model fails`} data-testid="model-fallback">
                {tierLabel(t)} fallback
              </Badge>
            ))}
          </span>
          {m.displayName !== m.modelId && <code className="font-mono text-xs text-muted-foreground">{m.modelId}</code>}
          <span className="text-xs text-muted-foreground" data-testid="model-priced-since">
            {m.price ? (
              <>
                priced since <time title={formatDateTime(m.price.effectiveFrom)}>{formatDate(m.price.effectiveFrom)}</time>
              </>
            ) : (
              "unpriced: calls cost $0"
            )}
          </span>
        </div>
      </TableCell>
      <TableCell>
        <div className="grid gap-1">
          <span className="min-w-24 text-sm">{offline ? "Built in, no network" : m.sourceLabel}</span>
          {!m.available && (
            <Badge variant="warning" title="Its provider is disabled or not configured">
              <TriangleAlert aria-hidden />
              Provider off
            </Badge>
          )}
        </div>
      </TableCell>
      <TableCell>
        <CapabilityBadges capabilities={m.capabilities} />
      </TableCell>
      <TableCell className="text-right whitespace-nowrap tabular-nums" title={`Context window ${m.contextWindow.toLocaleString("en")} tokens, max output ${m.maxOutputTokens.toLocaleString("en")}`}>
        {formatTokens(m.contextWindow)}
        <span className="text-xs text-muted-foreground"> / {formatTokens(m.maxOutputTokens)}</span>
      </TableCell>
      {PRICE_FIELDS.map((f) => (
        <TableCell key={f.key} className="text-right tabular-nums" data-testid={`model-${f.key}`}>
          {m.price ? formatPrice(m.price[f.key]) : <span className="text-muted-foreground">–</span>}
        </TableCell>
      ))}
      <TableCell>
        {manage ? (
          <ModelEnabledSwitch model={m} />
        ) : (
          <Badge variant={m.enabled ? "success" : "muted"}>{m.enabled ? "Enabled" : "Disabled"}</Badge>
        )}
      </TableCell>
      <TableCell className="pr-5 text-right">
        {manage ? (
          <ModelActions model={m} onEdit={onEdit} onPrices={onPrices} />
        ) : (
          <Button variant="ghost" size="icon-sm" aria-label={`Price history of ${m.displayName}`} title="Price history" onClick={onPrices} data-testid="model-price-history">
            <History />
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}
