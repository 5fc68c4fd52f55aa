"use client";

import * as React from "react";
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { AlertTriangle, Loader2, RotateCw } from "lucide-react";
import type { AiosChatMessage, ChatDataParts, ChatRequestBody } from "@/lib/chat";
import { useQueryClient } from "@tanstack/react-query";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { chatErrorText } from "./chat-id";
import { ChatComposer } from "./chat-composer";
import { ChatEmpty } from "./chat-empty";
import { ChatMessage, hasVisibleContent } from "./chat-message";

/** One conversation with the planner: messages streaming in, the composer, errors with retry. */
export function ChatThread({
  chatId,
  initialMessages,
  onSent,
  onActivity,
}: {
  chatId: string;
  initialMessages: AiosChatMessage[];
  /** A message was sent (the server has or will create the conversation). */
  onSent: () => void;
  /** The server recorded something (the conversation started, an answer finished or failed). */
  onActivity: () => void;
}) {
  const { orgId } = useOrg();
  const [statusText, setStatusText] = React.useState<string | null>(null);
  const transport = React.useMemo(
    () =>
      new DefaultChatTransport<AiosChatMessage>({
        api: "/api/chat",
        // Only the new message travels: the server keeps the conversation and reads it from there.
        prepareSendMessagesRequest: ({ id, messages }) => ({ body: { id, orgId, messages: messages.slice(-1) } satisfies ChatRequestBody & { id: string; messages: AiosChatMessage[] } }),
      }),
    [orgId],
  );
  const { messages, setMessages, sendMessage, regenerate, stop, status, error } = useChat<AiosChatMessage>({
    id: chatId,
    messages: initialMessages,
    transport,
    onData: (part) => {
      // The SDK infers data parts loosely here; the server sends data-status as ChatDataParts["status"].
      if (part.type === "data-status") {
        setStatusText((part.data as ChatDataParts["status"]).text);
        onActivity();
      }
    },
    onFinish: () => {
      setStatusText(null);
      onActivity();
    },
    onError: () => {
      setStatusText(null);
      onActivity();
    },
  });

  const busy = status === "submitted" || status === "streaming";

  // An agent of a project planned in this chat asks a question: the server adds it to this
  // conversation; show it without a reload (unless an answer is streaming right now).
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const projectIds = React.useMemo(
    () => new Set(messages.flatMap((m) => m.parts.flatMap((p) => (p.type === "data-plan" ? [p.data.projectId] : [])))),
    [messages],
  );
  useLiveEvents(projectIds.size ? `org:${orgId}` : null, (e) => {
    if (e.type !== "question.asked" || !e.projectId || !projectIds.has(e.projectId) || busy) return;
    void queryClient
      .fetchQuery({ ...trpc.chat.messages.queryOptions({ orgId, conversationId: chatId }), staleTime: 0 })
      .then((fresh) => setMessages(fresh))
      .catch(() => {});
  });
  const last = messages.at(-1);
  const answering = last?.role === "assistant" && hasVisibleContent(last);
  const inputRef = React.useRef<HTMLTextAreaElement>(null);
  const scrollRef = React.useRef<HTMLDivElement>(null);
  const stickToBottom = React.useRef(true);

  // Follow new content unless the person scrolled up to read.
  React.useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages, status, error]);

  // The input is disabled while an answer streams; give focus back when it is done.
  const wasBusy = React.useRef(false);
  React.useEffect(() => {
    if (wasBusy.current && !busy) inputRef.current?.focus();
    wasBusy.current = busy;
  }, [busy]);

  function send(text: string) {
    stickToBottom.current = true;
    setStatusText(null);
    onSent();
    void sendMessage({ text });
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div
        ref={scrollRef}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
        className="min-h-0 flex-1 overflow-y-auto px-4 py-5 sm:px-6"
        tabIndex={-1}
      >
        {messages.length === 0 ? (
          <ChatEmpty onPick={send} disabled={busy} />
        ) : (
          <ol className="mx-auto grid max-w-3xl gap-5" role="log" aria-label="Conversation" aria-relevant="additions" data-testid="chat-messages">
            {messages.map((m) => (
              <ChatMessage key={m.id} message={m} />
            ))}
            {busy && !answering && (
              <li className="flex items-center gap-2 pl-10 text-sm text-muted-foreground" role="status" data-testid="chat-status">
                <Loader2 className="size-4 animate-spin" aria-hidden />
                {statusText ?? "Thinking…"}
              </li>
            )}
            {error && !busy && (
              <li role="alert" data-testid="chat-error" className="ml-10 flex flex-wrap items-start gap-3 rounded-lg border border-destructive/30 bg-destructive/5 px-3 py-2.5 text-sm">
                <AlertTriangle className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
                <p className="min-w-0 flex-1">
                  <span className="font-medium">That didn&apos;t go through.</span> {chatErrorText(error)}
                </p>
                <Button
                  variant="outline"
                  size="sm"
                  onClick={() => {
                    stickToBottom.current = true;
                    void regenerate();
                  }}
                  data-testid="chat-retry"
                >
                  <RotateCw />
                  Retry
                </Button>
              </li>
            )}
          </ol>
        )}
      </div>
      <div className="border-t bg-background/80 px-4 py-3 sm:px-6">
        <div className="mx-auto max-w-3xl">
          <ChatComposer busy={busy} onSend={send} onStop={() => void stop()} inputRef={inputRef} />
        </div>
      </div>
    </div>
  );
}
