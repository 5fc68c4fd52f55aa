"use client";

import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { History, Lock } from "lucide-react";
import { toast } from "sonner";
import { can, ROLE_LABELS } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { isChatId, newChatId } from "./chat-id";
import { ChatThread } from "./chat-thread";
import { ChatThreadLoader } from "./chat-thread-loader";
import { ConversationList } from "./conversation-list";
import { OfflineChatNotice, OfflineModelBadge, useOfflineBannerDismissed } from "./offline-model-banner";
import { useRuntime } from "./use-runtime";

/** /chat: conversations on the left, the selected conversation (or a new one) on the right. */
export function ChatWorkspace() {
  const { role, orgName, orgId } = useOrg();
  if (!can(role, "chat:use")) {
    return (
      <EmptyState
        icon={Lock}
        title="Chat is for members"
        description={`Your role in ${orgName} is ${ROLE_LABELS[role]}. You can follow projects and their plans; ask an owner or admin to make you a member to request new work.`}
        data-testid="chat-no-access"
        className="mt-10"
      />
    );
  }
  // Conversations belong to one org: start over when it changes.
  return <ChatPanes key={orgId} />;
}

function ChatPanes() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const param = useSearchParams().get("c");
  const [historyOpen, setHistoryOpen] = React.useState(false);

  // A new chat has a browser-chosen id and no stored messages; once it is sent, the URL names it.
  const [draft, setDraft] = React.useState(() => ({ id: newChatId(), sent: false }));
  // "New chat" navigates away from ?c=…; until the URL follows, that conversation is not shown again.
  const [leaving, setLeaving] = React.useState<string | null>(null);
  if (leaving && param !== leaving) setLeaving(null);
  const selected = isChatId(param) && param !== leaving ? param : null;
  if (selected && selected !== draft.id && draft.sent) setDraft({ id: newChatId(), sent: false });
  const activeId = selected ?? draft.id;
  const isDraft = activeId === draft.id;

  const conversations = useQuery(trpc.chat.conversations.queryOptions({ orgId }));
  const title = conversations.data?.find((c) => c.id === activeId)?.title;
  const refreshList = React.useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.chat.conversations.queryKey({ orgId }) }),
    [queryClient, trpc, orgId],
  );

  const onSent = () => {
    if (!isDraft) return;
    setDraft((d) => (d.id === activeId ? { ...d, sent: true } : d));
    // Name the conversation in the URL without remounting it (Next syncs useSearchParams).
    if (param !== activeId) window.history.replaceState(null, "", `${pathname}?c=${activeId}`);
  };

  const onMissing = React.useCallback(() => {
    toast.info("That conversation isn't available here, so this is a new chat.");
    router.replace(pathname);
  }, [router, pathname]);

  const startNew = () => {
    setHistoryOpen(false);
    if (!(isDraft && !draft.sent)) setDraft({ id: newChatId(), sent: false });
    if (param) {
      setLeaving(param);
      router.push(pathname);
    }
    requestAnimationFrame(() => document.getElementById("chat-input")?.focus());
  };

  const list = <ConversationList activeId={activeId} onNewChat={startNew} onNavigate={() => setHistoryOpen(false)} />;
  const threadProps = { chatId: activeId, onSent, onActivity: refreshList };

  return (
    <div className="flex h-[calc(100dvh-6.5rem)] gap-4 lg:h-[calc(100dvh-4rem)]" data-testid="chat-workspace">
      <h1 className="sr-only md:hidden">Chat</h1>
      <aside className="hidden w-60 shrink-0 flex-col md:flex">
        <h1 className="mb-3 px-1 text-2xl font-semibold tracking-tight">Chat</h1>
        {list}
      </aside>
      <Dialog open={historyOpen} onOpenChange={setHistoryOpen}>
        <DialogContent className="top-0 left-0 h-dvh max-h-dvh w-72 max-w-[85vw] translate-x-0 translate-y-0 content-start rounded-none border-y-0 border-l-0 p-4 md:hidden">
          <DialogTitle>Conversations</DialogTitle>
          <DialogDescription className="sr-only">Your conversations with the planner</DialogDescription>
          <div className="flex min-h-0 flex-col">{list}</div>
        </DialogContent>
      </Dialog>

      <section className="flex min-w-0 flex-1 flex-col overflow-hidden rounded-xl border bg-card shadow-xs" aria-label="Conversation">
        <ChatHeader title={(isDraft && !draft.sent ? null : title) ?? "New chat"} onOpenHistory={() => setHistoryOpen(true)} />
        {isDraft ? <ChatThread key={activeId} {...threadProps} initialMessages={[]} /> : <ChatThreadLoader key={activeId} {...threadProps} onMissing={onMissing} />}
      </section>
    </div>
  );
}

function ChatHeader({ title, onOpenHistory }: { title: string; onOpenHistory: () => void }) {
  const runtime = useRuntime();
  const [dismissed, setDismissed] = useOfflineBannerDismissed();
  const { role } = useOrg();
  const models = runtime.data?.models;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-2 border-b px-4 py-3 sm:px-6">
      <div className="flex items-center gap-2">
        <Button variant="ghost" size="icon-sm" className="-ml-2 md:hidden" aria-label="Show conversations" onClick={onOpenHistory}>
          <History />
        </Button>
        <h2 className="min-w-0 flex-1 truncate text-sm font-semibold" data-testid="chat-title">
          {title}
        </h2>
        {models?.offline && <OfflineModelBadge pressed={!dismissed} onClick={() => setDismissed(!dismissed)} />}
      </div>
      {models?.offline && !dismissed && <OfflineChatNotice canConfigure={can(role, "providers:manage")} onDismiss={() => setDismissed(true)} />}
    </div>
  );
}
