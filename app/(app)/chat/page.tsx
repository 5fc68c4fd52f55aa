import { Suspense } from "react";
import type { Metadata } from "next";
import { ChatWorkspace } from "@/components/chat/chat-workspace";

export const metadata: Metadata = { title: "Chat" };

export default function ChatPage() {
  // The workspace reads ?c= (the open conversation) on the client.
  return (
    <Suspense>
      <ChatWorkspace />
    </Suspense>
  );
}
