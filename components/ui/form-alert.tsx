import * as React from "react";
import { cn } from "@/lib/utils";

/** A form-level error banner (field-level errors live in FormField). */
export function FormAlert({ children, testId, className }: { children: React.ReactNode; testId?: string; className?: string }) {
  return (
    <div
      role="alert"
      data-testid={testId}
      className={cn("rounded-md border border-destructive/30 bg-destructive/8 px-3 py-2 text-sm text-destructive", className)}
    >
      {children}
    </div>
  );
}
