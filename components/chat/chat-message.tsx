import { Bot } from "lucide-react";
import type { AiosChatMessage } from "@/lib/chat";
import { PlanCard } from "@/components/plan/plan-card";
import { ChatMarkdown } from "./chat-markdown";
import { ChatQuestion } from "./chat-question";

/** Whether a message has anything to show yet (a just-started answer has no parts). */
export function hasVisibleContent(message: AiosChatMessage): boolean {
  return message.parts.some((p) => (p.type === "text" && p.text.trim() !== "") || p.type === "data-plan" || p.type === "data-question");
}

export function ChatMessage({ message }: { message: AiosChatMessage }) {
  if (message.role === "user") {
    const text = message.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
    return (
      <li data-testid="chat-message" data-role="user" className="flex justify-end">
        <span className="sr-only">You said:</span>
        <div className="max-w-[85%] rounded-2xl rounded-br-md bg-primary px-4 py-2.5 text-sm leading-relaxed whitespace-pre-wrap text-primary-foreground [overflow-wrap:anywhere]">
          {text}
        </div>
      </li>
    );
  }
  if (!hasVisibleContent(message)) return null;
  return (
    <li data-testid="chat-message" data-role={message.role} className="flex gap-3">
      <span className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-primary/10 text-primary" aria-hidden>
        <Bot className="size-4" />
      </span>
      <div className="grid min-w-0 flex-1 grid-cols-[minmax(0,1fr)] gap-3 text-sm">
        <span className="sr-only">Planner said:</span>
        {message.parts.map((part, i) => {
          if (part.type === "text") return part.text.trim() ? <ChatMarkdown key={i} text={part.text} /> : null;
          if (part.type === "data-plan") {
            return <PlanCard key={part.id ?? i} projectId={part.data.projectId} plan={part.data.plan} kind={part.data.kind} changeId={part.data.changeId} />;
          }
          if (part.type === "data-question") return <ChatQuestion key={part.id ?? i} data={part.data} />;
          return null;
        })}
      </div>
    </li>
  );
}
