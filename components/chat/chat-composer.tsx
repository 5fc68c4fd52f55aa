"use client";

import * as React from "react";
import { ArrowUp, Square } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

const MAX_CHARS = 8000;

/** Enter sends, Shift+Enter adds a line; while an answer streams, the input waits and Stop is offered. */
export function ChatComposer({
  busy,
  onSend,
  onStop,
  inputRef,
}: {
  busy: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  inputRef: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const [text, setText] = React.useState("");
  const tooLong = text.length > MAX_CHARS;
  const canSend = !busy && text.trim() !== "" && !tooLong;

  // Grow with the text up to a limit, then scroll.
  React.useLayoutEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text, inputRef]);

  function send() {
    if (!canSend) return;
    onSend(text.trim());
    setText("");
  }

  return (
    <form
      className="grid gap-1.5"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div
        className={cn(
          "flex items-end gap-2 rounded-xl border border-input bg-background p-2 shadow-xs transition-colors focus-within:border-ring focus-within:ring-2 focus-within:ring-ring/30 dark:bg-input/20",
          tooLong && "border-destructive",
        )}
      >
        <label htmlFor="chat-input" className="sr-only">
          Message the planner
        </label>
        <textarea
          id="chat-input"
          ref={inputRef}
          rows={1}
          value={text}
          disabled={busy}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          placeholder={busy ? "Waiting for the answer…" : "Describe what you want built…"}
          aria-describedby="chat-input-hint"
          aria-invalid={tooLong || undefined}
          data-testid="chat-input"
          className="max-h-[200px] min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-sm leading-relaxed outline-none placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-60"
        />
        {busy && (
          <Button type="button" variant="outline" size="icon-sm" onClick={onStop} aria-label="Stop the answer" data-testid="chat-stop">
            <Square className="size-3.5 fill-current" />
          </Button>
        )}
        <Button type="submit" size="icon-sm" disabled={!canSend} aria-label="Send" data-testid="chat-send">
          <ArrowUp />
        </Button>
      </div>
      <p id="chat-input-hint" className="flex justify-between gap-2 px-1 text-xs text-muted-foreground">
        <span>
          <kbd className="font-sans font-medium">Enter</kbd> to send · <kbd className="font-sans font-medium">Shift</kbd>+
          <kbd className="font-sans font-medium">Enter</kbd> for a new line
        </span>
        {text.length > MAX_CHARS * 0.9 && (
          <span className={cn("tabular-nums", tooLong && "text-destructive")}>
            {text.length} / {MAX_CHARS}
          </span>
        )}
      </p>
    </form>
  );
}
