import type { Metadata } from "next";
import { ChatPlaceholder } from "@/components/chat/chat-placeholder";

export const metadata: Metadata = { title: "Chat" };

export default function ChatPage() {
  return <ChatPlaceholder />;
}
