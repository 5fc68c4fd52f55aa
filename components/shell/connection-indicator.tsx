"use client";

import { useConnectionState } from "@/lib/realtime/use-live-events";
import { cn } from "@/lib/utils";

const LABELS = { connecting: "Connecting…", live: "Live", offline: "Offline" } as const;
const HINTS = {
  connecting: "Connecting to live updates",
  live: "Receiving live updates",
  offline: "Live updates paused; reconnecting automatically",
} as const;

/** `testId` differs per copy: the sidebar one is "connection-state", the mobile header has its own. */
export function ConnectionIndicator({ className, testId = "connection-state" }: { className?: string; testId?: string }) {
  const state = useConnectionState();
  return (
    <span
      role="status"
      data-testid={testId}
      data-state={state}
      title={HINTS[state]}
      className={cn("inline-flex items-center gap-1.5 text-xs text-muted-foreground", className)}
    >
      <span className="relative flex size-2">
        {state === "live" && <span className="absolute inline-flex size-full animate-ping rounded-full bg-success opacity-60" />}
        <span
          className={cn(
            "relative inline-flex size-2 rounded-full",
            state === "live" && "bg-success",
            state === "connecting" && "bg-warning",
            state === "offline" && "bg-destructive",
          )}
        />
      </span>
      {LABELS[state]}
    </span>
  );
}
