"use client";

import * as React from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CheckCheck } from "lucide-react";
import { relativeTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import { useLiveInvalidation } from "@/components/activity/use-live-invalidation";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

const SEVERITY_DOT = { info: "bg-info", warning: "bg-warning", critical: "bg-destructive" } as const;

/** The person's notifications (budget alerts, …): unread count on the bell, live; read one or all. */
export function NotificationBell({ className, side = "top", testId = "notification-bell" }: { className?: string; side?: "top" | "bottom"; testId?: string }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.notifications.list.queryKey();
  // Live events refetch at once; the interval covers events missed while the socket (re)joined.
  const list = useQuery({ ...trpc.notifications.list.queryOptions({ orgId, limit: 20 }), refetchInterval: 60_000 });
  // A new notification anywhere in the org: refetch (the event says only that there is one).
  useLiveInvalidation("notification.", [listKey]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: listKey });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh }));
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  const label = unread ? `Notifications: ${unread} unread` : "Notifications";

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label={label} title={label} className={cn("relative", className)} data-testid={testId}>
          <Bell />
          {unread > 0 && (
            <span
              className="absolute -top-0.5 -right-0.5 grid h-4 min-w-4 place-items-center rounded-full bg-destructive px-1 text-[10px] leading-none font-semibold text-white tabular-nums"
              data-testid="notification-count"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent side={side} align="start" className="w-[22rem] max-w-[calc(100vw-2rem)]" data-testid="notification-list">
        <div className="flex items-center justify-between gap-2 pr-1">
          <DropdownMenuLabel>Notifications</DropdownMenuLabel>
          {unread > 0 && (
            <Button
              variant="ghost"
              size="sm"
              className="h-7 text-xs"
              onClick={(e) => {
                e.preventDefault();
                markAll.mutate({ orgId });
              }}
              loading={markAll.isPending}
              data-testid="notification-mark-all"
            >
              <CheckCheck />
              Mark all read
            </Button>
          )}
        </div>
        <DropdownMenuSeparator />
        {list.isPending ? (
          <p className="px-2 py-3 text-sm text-muted-foreground">Loading…</p>
        ) : list.isError ? (
          <p className="px-2 py-3 text-sm text-destructive">Couldn&apos;t load notifications.</p>
        ) : items.length === 0 ? (
          <p className="px-2 py-6 text-center text-sm text-muted-foreground" data-testid="notification-empty">
            Nothing yet. Budget alerts show up here.
          </p>
        ) : (
          items.map((n) => {
            const body = (
              <span className="grid min-w-0 gap-0.5">
                <span className={cn("text-sm leading-snug", !n.readAt && "font-semibold")}>{n.title}</span>
                <span className="line-clamp-2 text-xs text-muted-foreground">{n.body}</span>
                <span className="text-[11px] text-muted-foreground">{relativeTime(n.createdAt)}</span>
              </span>
            );
            return (
              <DropdownMenuItem
                key={n.id}
                asChild={Boolean(n.link)}
                className="items-start gap-2.5 py-2"
                onSelect={() => !n.readAt && markRead.mutate({ orgId, ids: [n.id] })}
                data-testid="notification-item"
                data-read={n.readAt ? "true" : "false"}
              >
                {n.link ? (
                  <Link href={n.link}>
                    <Dot read={Boolean(n.readAt)} severity={n.severity} />
                    {body}
                  </Link>
                ) : (
                  <span>
                    <Dot read={Boolean(n.readAt)} severity={n.severity} />
                    {body}
                  </span>
                )}
              </DropdownMenuItem>
            );
          })
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function Dot({ read, severity }: { read: boolean; severity: string }) {
  return <span aria-hidden className={cn("mt-1.5 size-2 shrink-0 rounded-full", read ? "bg-transparent" : (SEVERITY_DOT[severity as keyof typeof SEVERITY_DOT] ?? "bg-primary"))} />;
}
