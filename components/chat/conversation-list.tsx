"use client";

import Link from "next/link";
import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { Archive, ArrowLeft, MessageSquare, MessageSquarePlus } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { formatDateTime, relativeTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { useOrg } from "@/components/org/org-provider";
import { useNow } from "@/components/activity/use-now";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { ConversationMenu } from "./conversation-menu";

/** A person's conversations in this org, newest first, with "New chat" on top. */
export function ConversationList({
  activeId,
  onNewChat,
  onNavigate,
}: {
  activeId: string;
  onNewChat: () => void;
  onNavigate?: () => void;
}) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const [showArchived, setShowArchived] = React.useState(false);
  const conversations = useQuery(trpc.chat.conversations.queryOptions({ orgId, ...(showArchived ? { archived: true } : {}) }));
  const now = useNow();

  let body: React.ReactNode;
  if (conversations.isPending) {
    body = (
      <div role="status" aria-label="Loading conversations" className="grid gap-2 px-1">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-11" />
        ))}
      </div>
    );
  } else if (conversations.isError) {
    body = (
      <ErrorState
        title="Couldn't load conversations"
        error={conversations.error}
        onRetry={() => void conversations.refetch()}
        retrying={conversations.isRefetching}
        className="px-3 py-6"
      />
    );
  } else if (conversations.data.length === 0) {
    body = (
      <div className="flex flex-col items-center gap-2 px-3 py-8 text-center text-sm text-muted-foreground" data-testid="conversations-empty">
        <MessageSquare className="size-5" aria-hidden />
        {showArchived ? "No archived conversations." : "Your conversations show up here."}
      </div>
    );
  } else {
    body = (
      <ul className="grid gap-0.5">
        {conversations.data.map((c) => {
          const active = c.id === activeId;
          return (
            <li key={c.id} className={cn("flex items-center gap-0.5 rounded-md hover:bg-accent", active && "bg-accent")}>
              <Link
                href={`/chat?c=${c.id}`}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                data-testid="conversation-item"
                className={cn(
                  "grid min-w-0 flex-1 gap-0.5 rounded-md px-2.5 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring",
                  active && "font-medium",
                )}
              >
                <span className="truncate">{c.title || "New chat"}</span>
                <time dateTime={new Date(c.updatedAt).toISOString()} title={formatDateTime(c.updatedAt)} className="text-xs font-normal text-muted-foreground">
                  {relativeTime(c.updatedAt, now)}
                </time>
              </Link>
              <ConversationMenu id={c.id} title={c.title} archived={Boolean(c.archivedAt)} onDeleted={() => active && onNewChat()} />
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <nav aria-label="Conversations" className="flex min-h-0 flex-1 flex-col gap-3">
      <Button variant="outline" className="justify-start" onClick={onNewChat} data-testid="chat-new">
        <MessageSquarePlus />
        New chat
      </Button>
      <div className="min-h-0 flex-1 overflow-y-auto">{body}</div>
      <Button variant="ghost" size="sm" className="justify-start text-muted-foreground" onClick={() => setShowArchived((v) => !v)} data-testid="conversations-archived-toggle">
        {showArchived ? <ArrowLeft /> : <Archive />}
        {showArchived ? "Back to conversations" : "Archived conversations"}
      </Button>
    </nav>
  );
}
