"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { ChatThread } from "./chat-thread";

type ThreadProps = Omit<React.ComponentProps<typeof ChatThread>, "initialMessages">;

/** Loads a stored conversation, then hands its messages to the thread (useChat takes them once). */
export function ChatThreadLoader({ onMissing, ...props }: ThreadProps & { onMissing: () => void }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  // Always fresh: the thread cannot take later updates, so a cached copy could be missing the last answer.
  const messages = useQuery({ ...trpc.chat.messages.queryOptions({ orgId, conversationId: props.chatId }), staleTime: 0, gcTime: 0 });
  const missing = messages.isError && (messages.error.data as { code?: string } | undefined)?.code === "NOT_FOUND";

  React.useEffect(() => {
    if (missing) onMissing();
  }, [missing, onMissing]);

  if (messages.isPending || missing) {
    return (
      <div role="status" aria-label="Loading conversation" className="mx-auto grid w-full max-w-3xl flex-1 content-start gap-5 px-6 py-5">
        <Skeleton className="ml-auto h-10 w-2/3 rounded-2xl" />
        <Skeleton className="h-24 w-5/6" />
        <Skeleton className="ml-auto h-10 w-1/2 rounded-2xl" />
      </div>
    );
  }
  if (messages.isError) {
    return (
      <div className="p-6">
        <ErrorState title="Couldn't load this conversation" error={messages.error} onRetry={() => void messages.refetch()} retrying={messages.isRefetching} />
      </div>
    );
  }
  return <ChatThread {...props} initialMessages={messages.data} />;
}
