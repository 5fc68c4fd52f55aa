"use client";

import * as React from "react";
import { KeyRound, Plus, Server } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { kindLabel, type CatalogView, type ProviderView } from "./model-types";
import { ProviderActions } from "./provider-actions";
import { ProviderDialog } from "./provider-dialog";
import { ProviderEnabledSwitch } from "./provider-enabled-switch";
import { LastTest } from "./test-verdict";
import type { useProviderTest } from "./use-provider-test";

export function ProvidersCard({
  catalog,
  manage,
  tests,
  onAddModel,
}: {
  catalog: CatalogView;
  manage: boolean;
  tests: ReturnType<typeof useProviderTest>;
  onAddModel: (credentialId: string) => void;
}) {
  const [adding, setAdding] = React.useState(false);
  const [editing, setEditing] = React.useState<ProviderView | null>(null);
  const afterSave = (saved: ProviderView, changedConnection: boolean) => {
    if (changedConnection) tests.test(saved.id);
  };
  const { providers } = catalog;

  return (
    <Card className="overflow-hidden" data-testid="providers-card">
      <CardHeader className="flex-col items-start justify-between gap-4 space-y-0 sm:flex-row">
        <div className="grid min-w-0 flex-1 gap-1">
          <CardTitle>Providers</CardTitle>
          <CardDescription>Where the models run. Keys are stored encrypted and shown only as a masked hint.</CardDescription>
        </div>
        {manage && (
          <Button size="sm" className="shrink-0" onClick={() => setAdding(true)} data-testid="provider-add">
            <Plus />
            Add provider
          </Button>
        )}
      </CardHeader>
      {catalog.keyStorageMessage && manage && (
        <p role="note" className="mx-5 mb-3 flex gap-2 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-xs">
          <KeyRound className="mt-px size-3.5 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
          {catalog.keyStorageMessage}
        </p>
      )}
      {providers.length === 0 ? (
        <EmptyState
          icon={Server}
          title="No providers yet"
          description="AIOS is using the offline demo model. Add OpenAI, Anthropic or an OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter) to use real models."
          className="m-5 mt-0"
        />
      ) : (
        <Table data-testid="providers-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-5">Provider</TableHead>
              <TableHead>Base URL</TableHead>
              <TableHead>Key</TableHead>
              <TableHead>Enabled</TableHead>
              <TableHead>Last test</TableHead>
              <TableHead className="text-right">Models</TableHead>
              <TableHead className="w-12 pr-5">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {providers.map((p) => {
              const recent = tests.recent[p.id];
              const lastTest = p.lastTest ?? (recent ? { at: recent.at, ok: recent.ok, message: recent.message } : null);
              return (
                <TableRow key={p.id} data-testid="provider-row" data-provider={p.name} data-enabled={p.enabled} className={cn(!p.enabled && "text-muted-foreground")}>
                  <TableCell className="pl-5">
                    <div className="grid min-w-36 gap-1">
                      <span className="font-medium text-foreground">{p.name}</span>
                      <span className="flex flex-wrap gap-1">
                        <Badge variant="outline">{kindLabel(p.kind)}</Badge>
                        {p.fromEnvironment && (
                          <Badge variant="muted" title="Configured by environment variables; change them on the server" data-testid="provider-from-env">
                            from environment
                          </Badge>
                        )}
                      </span>
                    </div>
                  </TableCell>
                  <TableCell>
                    <code className="block max-w-64 truncate font-mono text-xs" title={p.baseUrl}>
                      {p.baseUrl}
                    </code>
                  </TableCell>
                  <TableCell>
                    {p.keyHint ? (
                      <code className="font-mono text-xs" data-testid="provider-key-hint">
                        {p.keyHint}
                      </code>
                    ) : (
                      <span className="text-xs text-muted-foreground">No key</span>
                    )}
                  </TableCell>
                  <TableCell>
                    {manage && !p.fromEnvironment ? (
                      <ProviderEnabledSwitch provider={p} />
                    ) : (
                      <Badge variant={p.enabled ? "success" : "muted"}>{p.enabled ? "Enabled" : "Disabled"}</Badge>
                    )}
                  </TableCell>
                  <TableCell>
                    {tests.pendingId === p.id ? <span className="text-xs text-muted-foreground">Testing…</span> : <LastTest lastTest={lastTest} />}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{p.modelCount}</TableCell>
                  <TableCell className="pr-5 text-right">
                    <ProviderActions
                      provider={p}
                      models={catalog.models.filter((m) => m.credentialId === p.id)}
                      manage={manage}
                      testing={tests.pendingId === p.id}
                      onTest={() => tests.test(p.id)}
                      onEdit={() => setEditing(p)}
                      onAddModel={() => onAddModel(p.id)}
                    />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      <ProviderDialog open={adding} onOpenChange={setAdding} keyStorageMessage={catalog.keyStorageMessage} onSaved={afterSave} />
      <ProviderDialog
        open={!!editing}
        onOpenChange={(o) => !o && setEditing(null)}
        provider={editing ?? undefined}
        keyStorageMessage={catalog.keyStorageMessage}
        onSaved={afterSave}
      />
    </Card>
  );
}
