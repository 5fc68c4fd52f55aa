"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LogOut, MonitorSmartphone } from "lucide-react";
import { toast } from "sonner";
import { describeDevice } from "@/lib/describe-device";
import { errorMessage, formatDateTime, pluralize, relativeTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

const When = ({ at }: { at: Date | string }) => <time title={formatDateTime(at)}>{relativeTime(at)}</time>;

/** The browsers signed in to this account; each can be signed out (it stops working on its next request). */
export function SessionsTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.me.sessions.queryOptions());
  const [confirmAll, setConfirmAll] = React.useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.me.sessions.queryKey() });

  const revoke = useMutation(
    trpc.me.revokeSession.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success("That session was signed out");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const revokeOthers = useMutation(
    trpc.me.revokeOtherSessions.mutationOptions({
      onSuccess: async ({ signedOut }) => {
        await refresh();
        setConfirmAll(false);
        toast.success(signedOut ? `${pluralize(signedOut, "session")} signed out` : "No other sessions were signed in");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  if (sessions.isPending) {
    return (
      <div role="status" aria-label="Loading sessions" className="grid gap-2 p-4">
        {[0, 1].map((i) => (
          <Skeleton key={i} className="h-12" />
        ))}
      </div>
    );
  }
  if (sessions.isError) {
    return (
      <div className="p-4">
        <ErrorState title="Couldn't load your sessions" error={sessions.error} onRetry={() => void sessions.refetch()} retrying={sessions.isRefetching} />
      </div>
    );
  }
  const others = sessions.data.filter((s) => !s.current).length;
  return (
    <>
      {sessions.data.length === 0 ? (
        <EmptyState icon={MonitorSmartphone} title="No active sessions" description="Sessions appear here when you sign in." className="m-4" />
      ) : (
        <Table data-testid="sessions-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-5">Device</TableHead>
              <TableHead>IP address</TableHead>
              <TableHead className="hidden md:table-cell">Signed in</TableHead>
              <TableHead>Last active</TableHead>
              <TableHead className="w-28 pr-5">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sessions.data.map((s) => (
              <TableRow key={s.id} data-testid="session-row" data-current={s.current || undefined}>
                <TableCell className="pl-5">
                  <div className="flex min-w-40 items-center gap-2">
                    <span className="font-medium" title={s.userAgent ?? undefined}>
                      {describeDevice(s.userAgent)}
                    </span>
                    {s.current && <Badge variant="success">This browser</Badge>}
                  </div>
                </TableCell>
                <TableCell className="font-mono text-xs text-muted-foreground">{s.ip ?? "Unknown"}</TableCell>
                <TableCell className="hidden text-muted-foreground md:table-cell">
                  <When at={s.createdAt} />
                </TableCell>
                <TableCell className="text-muted-foreground">{s.current ? "Now" : <When at={s.lastSeenAt} />}</TableCell>
                <TableCell className="pr-5 text-right">
                  {!s.current && (
                    <Button
                      variant="outline"
                      size="sm"
                      loading={revoke.isPending && revoke.variables?.sessionId === s.id}
                      onClick={() => revoke.mutate({ sessionId: s.id })}
                      aria-label={`Sign out ${describeDevice(s.userAgent)} (${s.ip ?? "unknown IP"})`}
                      data-testid="session-revoke"
                    >
                      Sign out
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3 border-t px-5 py-3">
        <p className="text-xs text-muted-foreground">
          {others === 0 ? "You are signed in only here." : `Signed in on ${pluralize(others, "other browser")}.`} Don&apos;t recognise one? Sign it
          out and change your password.
        </p>
        <Button variant="outline" size="sm" disabled={others === 0} onClick={() => setConfirmAll(true)} data-testid="sessions-revoke-others">
          <LogOut />
          Sign out everywhere else
        </Button>
      </div>
      <ConfirmDialog
        open={confirmAll}
        onOpenChange={setConfirmAll}
        title="Sign out everywhere else?"
        description={`Every other browser signed in to your account (${pluralize(others, "session")}) is signed out on its next request. This one stays signed in.`}
        confirmLabel="Sign out others"
        destructive
        pending={revokeOthers.isPending}
        onConfirm={() => revokeOthers.mutate()}
      />
    </>
  );
}
