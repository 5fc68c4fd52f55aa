"use client";

import * as React from "react";
import Link from "next/link";
import { FlaskConical, Settings2, X } from "lucide-react";
import { cn } from "@/lib/utils";
import { Button } from "@/components/ui/button";

const DISMISSED_KEY = "aios:offline-banner-dismissed";

export const OFFLINE_TITLE = "Offline demo model";
export const OFFLINE_TEXT = "AIOS is running without a model provider. It can build the demo projects end to end.";

/** The notice itself; the chat makes it dismissible, the runtime card shows it always. */
export function OfflineModelNotice({
  howToConfigure,
  onDismiss,
  className,
}: {
  howToConfigure: string;
  onDismiss?: () => void;
  className?: string;
}) {
  // Long on a phone: the configuration help folds to a few lines there.
  const [expanded, setExpanded] = React.useState(false);
  return (
    <div
      role="note"
      data-testid="offline-model-banner"
      className={cn("flex gap-2.5 rounded-lg border border-warning/40 bg-warning/10 px-3 py-2 text-xs", className)}
    >
      <FlaskConical className="mt-px size-3.5 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
      <div className="grid min-w-0 flex-1 justify-items-start gap-1">
        <p className={cn("leading-normal [overflow-wrap:anywhere]", !expanded && "max-sm:line-clamp-3")}>
          <strong className="font-semibold">{OFFLINE_TITLE}</strong> — {OFFLINE_TEXT} To use a real model:{" "}
          <span className="text-muted-foreground">{howToConfigure}</span>
        </p>
        <button
          type="button"
          className="rounded-sm font-medium underline-offset-2 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring sm:hidden"
          aria-expanded={expanded}
          onClick={() => setExpanded((v) => !v)}
        >
          {expanded ? "Less" : "How to use a real model"}
        </button>
      </div>
      {onDismiss && (
        <Button variant="ghost" size="icon-sm" className="-my-1 -mr-1 size-7" aria-label="Dismiss the offline model notice" onClick={onDismiss} data-testid="offline-model-dismiss">
          <X />
        </Button>
      )}
    </div>
  );
}

/**
 * The chat's one-line notice. Only people who can manage models get the "Configure a model" action;
 * the others see a shorter line (they cannot act on it, an admin can).
 */
export function OfflineChatNotice({ canConfigure, onDismiss }: { canConfigure: boolean; onDismiss: () => void }) {
  return (
    <div
      role="note"
      data-testid="offline-model-banner"
      data-can-configure={canConfigure}
      className="flex min-h-8 items-center gap-2 rounded-md border border-warning/40 bg-warning/10 py-0.5 pr-0.5 pl-2.5 text-xs"
    >
      <FlaskConical className="size-3.5 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
      <p className="min-w-0 flex-1 truncate" title={OFFLINE_TEXT}>
        <strong className="font-semibold">{OFFLINE_TITLE}</strong>
        <span className="text-muted-foreground">{canConfigure ? ": demo answers, no provider connected" : ": an admin can connect a real model"}</span>
      </p>
      {canConfigure && (
        <Link
          href="/admin/models"
          className="inline-flex shrink-0 items-center gap-1 rounded-sm px-1 font-medium text-primary underline-offset-2 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
          data-testid="offline-model-configure"
        >
          <Settings2 className="size-3.5" aria-hidden />
          Configure a model
        </Link>
      )}
      <Button variant="ghost" size="icon-sm" className="size-7 shrink-0" aria-label="Dismiss the offline model notice" onClick={onDismiss} data-testid="offline-model-dismiss">
        <X />
      </Button>
    </div>
  );
}

// Kept in memory too, for browsers with storage disabled.
let dismissedInMemory: boolean | null = null;

function readDismissed(): boolean {
  if (dismissedInMemory !== null) return dismissedInMemory;
  try {
    return localStorage.getItem(DISMISSED_KEY) === "1";
  } catch {
    return false;
  }
}

const listeners = new Set<() => void>();
const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => void listeners.delete(fn);
};

/** Dismissed in this browser until the badge brings it back (it stays dismissed across reloads and sign-ins). */
export function useOfflineBannerDismissed(): [boolean, (dismissed: boolean) => void] {
  const dismissed = React.useSyncExternalStore(subscribe, readDismissed, () => false);
  const set = React.useCallback((value: boolean) => {
    dismissedInMemory = value;
    try {
      if (value) localStorage.setItem(DISMISSED_KEY, "1");
      else localStorage.removeItem(DISMISSED_KEY);
    } catch {
      // storage disabled: the in-memory flag lasts until reload
    }
    for (const fn of listeners) fn();
  }, []);
  return [dismissed, set];
}

/** The always-visible reminder; pressing it shows the full notice again. */
export function OfflineModelBadge({ onClick, pressed }: { onClick: () => void; pressed: boolean }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-pressed={pressed}
      title="AIOS is using the offline demo model. Show details."
      data-testid="offline-model-badge"
      className="inline-flex shrink-0 items-center gap-1 rounded-full bg-warning/20 px-2 py-0.5 text-xs font-medium text-warning-foreground outline-none hover:bg-warning/30 focus-visible:ring-2 focus-visible:ring-ring dark:text-warning"
    >
      <FlaskConical className="size-3" aria-hidden />
      Offline model
    </button>
  );
}
