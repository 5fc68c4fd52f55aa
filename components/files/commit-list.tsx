"use client";

import { GitCommitHorizontal } from "lucide-react";
import { relativeTime } from "@/lib/format";
import { cn } from "@/lib/utils";

export type CommitEntry = { sha: string; message: string; authorName: string; date: string | Date; files: string[] };

/** "Build the API [api]\n\nsummary" → "Build the API". */
export function commitTitle(message: string): string {
  return (message.split("\n")[0] ?? "").replace(/\s*\[[a-z0-9-]+\]\s*$/, "") || "(no message)";
}

export function CommitList({
  commits,
  selected,
  onSelect,
}: {
  commits: CommitEntry[];
  selected: string | null;
  onSelect: (sha: string) => void;
}) {
  return (
    <ul className="grid gap-px" data-testid="commit-list" aria-label="Commits">
      {commits.map((c) => {
        const active = c.sha === selected;
        return (
          <li key={c.sha}>
            <button
              type="button"
              data-testid="commit-item"
              data-sha={c.sha}
              aria-pressed={active}
              onClick={() => onSelect(c.sha)}
              className={cn(
                "flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring",
                active && "bg-primary/10 hover:bg-primary/15",
              )}
            >
              <GitCommitHorizontal className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
              <span className="grid min-w-0 gap-0.5">
                <span className={cn("truncate text-sm", active && "font-medium text-primary")}>{commitTitle(c.message)}</span>
                <span className="truncate text-[11px] text-muted-foreground">
                  <span className="font-mono">{c.sha.slice(0, 7)}</span> · {c.authorName.replace(/ \(AIOS \w+\)$/, "")} · {relativeTime(c.date)} ·{" "}
                  {c.files.length} {c.files.length === 1 ? "file" : "files"}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
