"use client";

import { AlertTriangle, RotateCw } from "lucide-react";
import { errorMessage } from "@/lib/format";
import { cn } from "@/lib/utils";
import { Button } from "./button";

/** What went wrong, in words a person can act on, with a way to try again. */
export function ErrorState({
  title = "Couldn't load this",
  error,
  onRetry,
  retrying = false,
  className,
}: {
  title?: string;
  error?: unknown;
  onRetry?: () => void;
  retrying?: boolean;
  className?: string;
}) {
  return (
    <div
      role="alert"
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-xl border border-destructive/30 bg-destructive/5 px-6 py-10 text-center",
        className,
      )}
    >
      <div className="flex size-10 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <AlertTriangle className="size-5" aria-hidden />
      </div>
      <div className="grid max-w-md gap-1">
        <p className="font-medium">{title}</p>
        <p className="text-sm text-muted-foreground">{errorMessage(error)}</p>
      </div>
      {onRetry && (
        <Button variant="outline" size="sm" onClick={onRetry} loading={retrying}>
          {!retrying && <RotateCw />}
          Try again
        </Button>
      )}
    </div>
  );
}
