"use client";

import { Check, Cpu, ShieldCheck, X } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useRuntime } from "@/components/chat/use-runtime";
import { OfflineModelNotice } from "@/components/chat/offline-model-banner";
import { TIERS, type Runtime } from "./agent-types";

const PROTECTIONS: { key: keyof Omit<Runtime["sandbox"], "notes">; label: string; detail: string }[] = [
  { key: "networkIsolated", label: "Network isolated", detail: "Commands have no network access" },
  { key: "resourceLimits", label: "Resource limits", detail: "CPU time, memory and file size are capped" },
  { key: "processLimit", label: "Process limit", detail: "The number of processes is capped" },
  { key: "filesystemIsolated", label: "Filesystem isolated", detail: "Only the project's workspace is visible" },
  { key: "processIsolated", label: "Process isolated", detail: "Nothing a command starts outlives it" },
  { key: "unprivilegedUser", label: "Unprivileged user", detail: "Commands run as their own unprivileged user" },
];

/** Which model each tier uses, and which protections agents' commands get on this machine. */
export function RuntimeCard() {
  const runtime = useRuntime();
  return (
    <Card data-testid="runtime-card">
      <CardHeader>
        <CardTitle>Runtime</CardTitle>
        <CardDescription>The models behind each tier and the sandbox agents&apos; commands run in.</CardDescription>
      </CardHeader>
      <CardContent>
        {runtime.isPending ? (
          <div role="status" aria-label="Loading runtime" className="grid gap-3 md:grid-cols-2">
            <Skeleton className="h-40" />
            <Skeleton className="h-40" />
          </div>
        ) : runtime.isError ? (
          <ErrorState title="Couldn't load the runtime" error={runtime.error} onRetry={() => void runtime.refetch()} retrying={runtime.isRefetching} />
        ) : (
          <RuntimeDetails runtime={runtime.data} />
        )}
      </CardContent>
    </Card>
  );
}

function RuntimeDetails({ runtime }: { runtime: Runtime }) {
  const { models, sandbox } = runtime;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section className="grid content-start gap-3" aria-labelledby="runtime-models">
        <h4 id="runtime-models" className="flex items-center gap-2 text-sm font-medium">
          <Cpu className="size-4 text-muted-foreground" aria-hidden />
          Models
          {models.offline && <Badge variant="warning">Offline demo</Badge>}
        </h4>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Tier</TableHead>
              <TableHead>Model</TableHead>
              <TableHead>Provider</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {TIERS.map((t) => (
              <TableRow key={t.value} data-testid="runtime-tier" data-tier={t.value}>
                <TableCell className="font-medium">{t.label}</TableCell>
                <TableCell className="[overflow-wrap:anywhere]">{models.tiers[t.value].label}</TableCell>
                <TableCell className="text-muted-foreground">{models.tiers[t.value].provider}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {models.offline && <OfflineModelNotice howToConfigure={models.howToConfigure} />}
      </section>
      <section className="grid content-start gap-3" aria-labelledby="runtime-sandbox">
        <h4 id="runtime-sandbox" className="flex items-center gap-2 text-sm font-medium">
          <ShieldCheck className="size-4 text-muted-foreground" aria-hidden />
          Sandbox protections
        </h4>
        <ul className="grid gap-1.5" data-testid="runtime-sandbox">
          {PROTECTIONS.map((p) => {
            const on = sandbox[p.key];
            return (
              <li key={p.key} className="flex items-start gap-2 text-sm" data-protection={p.key} data-active={on}>
                <span
                  className={on ? "mt-0.5 rounded-full bg-success/15 p-0.5 text-success" : "mt-0.5 rounded-full bg-destructive/12 p-0.5 text-destructive"}
                  aria-hidden
                >
                  {on ? <Check className="size-3" /> : <X className="size-3" />}
                </span>
                <span className="grid gap-px">
                  <span>
                    {p.label}: <span className="font-medium">{on ? "yes" : "no"}</span>
                  </span>
                  <span className="text-xs text-muted-foreground">{p.detail}</span>
                </span>
              </li>
            );
          })}
        </ul>
        {sandbox.notes.length > 0 && (
          <ul className="grid list-disc gap-1 rounded-lg bg-muted/50 py-2 pr-3 pl-7 text-xs text-muted-foreground" aria-label="Sandbox notes">
            {sandbox.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
