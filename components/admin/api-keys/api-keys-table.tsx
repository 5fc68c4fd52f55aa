"use client";

import { KeyRound } from "lucide-react";
import type { Permission } from "@/lib/rbac";
import { formatDate, formatDateTime, relativeTime } from "@/lib/format";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { KeyActions } from "./key-actions";
import { keyStatus, STATUS_BADGE } from "./key-status";

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: Permission[];
  projectId: string | null;
  projectName: string | null;
  expiresAt: Date | null;
  previousExpiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  createdAt: Date;
  createdBy: { id: string; name: string; email: string };
  status: "active" | "expired" | "revoked";
};

type Query = { isPending: boolean; isError: boolean; error: unknown; data?: ApiKeyRow[]; refetch: () => unknown; isRefetching: boolean };

const When = ({ at }: { at: Date }) => <time title={formatDateTime(at)}>{relativeTime(at)}</time>;

export function ApiKeysTable({
  query,
  showCreator,
  revokeAny,
  canRotate,
  empty,
}: {
  query: Query;
  showCreator: boolean;
  revokeAny: boolean;
  canRotate: (key: ApiKeyRow) => boolean;
  empty: { title: string; description: string; action?: React.ReactNode };
}) {
  if (query.isPending) {
    return (
      <div role="status" aria-label="Loading API keys" className="grid gap-2 p-4">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-12" />
        ))}
      </div>
    );
  }
  if (query.isError || !query.data) {
    return (
      <div className="p-4">
        <ErrorState title="Couldn't load API keys" error={query.error} onRetry={() => void query.refetch()} retrying={query.isRefetching} />
      </div>
    );
  }
  if (query.data.length === 0) {
    return <EmptyState icon={KeyRound} title={empty.title} description={empty.description} action={empty.action} className="m-4" data-testid="api-keys-empty" />;
  }
  return (
    <Table data-testid="api-keys-table">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className="pl-5">Key</TableHead>
          <TableHead>Scopes</TableHead>
          {showCreator && <TableHead>Created by</TableHead>}
          <TableHead className={showCreator ? "hidden xl:table-cell" : "hidden lg:table-cell"}>Created</TableHead>
          <TableHead className="hidden md:table-cell">Expires</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="w-12 pr-5">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {query.data.map((k) => {
          const status = keyStatus(k);
          const live = status === "active" || status === "rotating";
          return (
            <TableRow key={k.id} data-testid="api-key-row" data-key-id={k.id} data-name={k.name} data-status={status}>
              <TableCell className="pl-5">
                <div className="grid min-w-40 leading-tight">
                  <span className="font-medium">{k.name}</span>
                  <code className="font-mono text-xs text-muted-foreground" data-testid="api-key-prefix">
                    {k.prefix}
                  </code>
                </div>
              </TableCell>
              <TableCell>
                <div className="grid gap-1 whitespace-nowrap">
                  <span className="text-sm" title={k.scopes.join("\n")}>
                    {k.scopes.length} {k.scopes.length === 1 ? "scope" : "scopes"}
                    {k.scopes.every((s) => s.endsWith(":read")) && <span className="text-muted-foreground"> · read only</span>}
                  </span>
                  <span className="text-xs text-muted-foreground">{k.projectName ? `Project: ${k.projectName}` : "Whole organisation"}</span>
                </div>
              </TableCell>
              {showCreator && (
                <TableCell>
                  <div className="flex min-w-36 items-center gap-2">
                    <Avatar name={k.createdBy.name} email={k.createdBy.email} />
                    <div className="grid min-w-0 leading-tight">
                      <span className="truncate text-sm">{k.createdBy.name}</span>
                      <span className="truncate text-xs text-muted-foreground">{k.createdBy.email}</span>
                    </div>
                  </div>
                </TableCell>
              )}
              <TableCell className={`text-muted-foreground whitespace-nowrap ${showCreator ? "hidden xl:table-cell" : "hidden lg:table-cell"}`}>
                <When at={k.createdAt} />
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                {k.expiresAt ? <time title={formatDateTime(k.expiresAt)}>{formatDate(k.expiresAt)}</time> : "Never"}
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                {k.lastUsedAt ? (
                  <div className="grid leading-tight">
                    <When at={k.lastUsedAt} />
                    {k.lastUsedIp && <span className="font-mono text-xs">{k.lastUsedIp}</span>}
                  </div>
                ) : (
                  "Never"
                )}
              </TableCell>
              <TableCell>
                <Badge
                  variant={STATUS_BADGE[status].variant}
                  data-testid="api-key-status"
                  title={status === "rotating" && k.previousExpiresAt ? `Old secret works until ${formatDateTime(k.previousExpiresAt)}` : undefined}
                >
                  {STATUS_BADGE[status].label}
                </Badge>
              </TableCell>
              <TableCell className="pr-5 text-right">{live && <KeyActions apiKey={k} canRotate={canRotate(k)} revokeAny={revokeAny} />}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
