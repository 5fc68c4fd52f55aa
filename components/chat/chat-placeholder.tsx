"use client";

import { ClipboardList, MessageSquare, Sparkles, Users } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

const STEPS = [
  { icon: MessageSquare, title: "Describe it", text: "Say what you want built, in plain words." },
  { icon: ClipboardList, title: "Review the plan", text: "The planner proposes tasks, agents and a cost estimate." },
  { icon: Users, title: "Watch it happen", text: "Agents work the plan live; you answer when they ask." },
];

/** Honest about what's here: the chat and planner arrive in the next milestone. */
export function ChatPlaceholder() {
  return (
    <div>
      <PageHeader title="Chat" description="Ask for something; get a costed plan; watch agents build it." />
      <EmptyState
        icon={Sparkles}
        title="Chat isn't connected yet"
        description="The conversation with the planner is the next milestone. Until then you can create projects from a goal on the Projects page."
        data-testid="chat-unavailable"
      />
      <ol className="mt-6 grid gap-4 sm:grid-cols-3" aria-label="How chat will work">
        {STEPS.map((s, i) => (
          <li key={s.title} className="flex gap-3 rounded-xl border bg-card p-4">
            <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-sm font-medium text-muted-foreground">
              {i + 1}
            </span>
            <div className="grid gap-0.5">
              <p className="flex items-center gap-1.5 text-sm font-medium">
                <s.icon className="size-4 text-muted-foreground" aria-hidden />
                {s.title}
              </p>
              <p className="text-sm text-muted-foreground">{s.text}</p>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
