import * as React from "react";
import { cn } from "@/lib/utils";

export function PageHeader({
  title,
  description,
  actions,
  className,
  children,
}: {
  title: React.ReactNode;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
  children?: React.ReactNode;
}) {
  return (
    <div className={cn("flex flex-col gap-4 pb-6 sm:flex-row sm:items-start sm:justify-between", className)}>
      <div className="grid min-w-0 flex-1 gap-1">
        <h1 className="truncate text-2xl font-semibold tracking-tight" title={typeof title === "string" ? title : undefined}>
          {title}
        </h1>
        {description && <p className="text-sm text-muted-foreground [overflow-wrap:anywhere]">{description}</p>}
        {children}
      </div>
      {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}
