import { ArrowUpRight, Sparkles } from "lucide-react";

export const EXAMPLE_PROMPTS = [
  "Build a web app that displays stock prices",
  "Create a REST API for a todo list with tests",
  "Write a command-line tool that converts CSV to JSON",
];

/** A new chat: what to ask, with examples that send on click. */
export function ChatEmpty({ onPick, disabled }: { onPick: (prompt: string) => void; disabled?: boolean }) {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center gap-5 px-2 py-10 text-center" data-testid="chat-empty">
      <div className="flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
        <Sparkles className="size-6" aria-hidden />
      </div>
      <div className="grid gap-1.5">
        <h2 className="text-lg font-semibold">What should the team build?</h2>
        <p className="text-sm text-muted-foreground">
          Describe it in plain words. The planner answers with a costed plan; nothing runs until you approve it, and
          then you watch the agents build it live.
        </p>
      </div>
      <ul className="grid w-full gap-2" aria-label="Example requests">
        {EXAMPLE_PROMPTS.map((prompt) => (
          <li key={prompt}>
            <button
              type="button"
              disabled={disabled}
              onClick={() => onPick(prompt)}
              data-testid="chat-example"
              className="group flex w-full items-center justify-between gap-3 rounded-lg border bg-card px-4 py-3 text-left text-sm shadow-xs transition-colors outline-none hover:border-primary/40 hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50"
            >
              {prompt}
              <ArrowUpRight className="size-4 shrink-0 text-muted-foreground transition-colors group-hover:text-primary" aria-hidden />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
