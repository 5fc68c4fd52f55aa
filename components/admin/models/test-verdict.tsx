import { CheckCircle2, XCircle } from "lucide-react";
import { formatDateTime, pluralize, relativeTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import type { TestResult } from "./model-types";

/** The readable outcome of "Test connection", in the dialog. */
export function TestVerdict({ result, className }: { result: TestResult; className?: string }) {
  const Icon = result.ok ? CheckCircle2 : XCircle;
  return (
    <div
      role="status"
      data-testid="provider-test-verdict"
      data-ok={result.ok}
      className={cn(
        "flex gap-2 rounded-md border px-3 py-2 text-sm",
        result.ok ? "border-success/30 bg-success/8" : "border-destructive/30 bg-destructive/8",
        className,
      )}
    >
      <Icon className={cn("mt-0.5 size-4 shrink-0", result.ok ? "text-success" : "text-destructive")} aria-hidden />
      <div className="grid min-w-0 gap-0.5">
        <p className="font-medium [overflow-wrap:anywhere]">{result.message}</p>
        {result.ok && result.modelIds.length > 0 && (
          <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
            {pluralize(result.modelIds.length, "model")} listed: {result.modelIds.slice(0, 6).join(", ")}
            {result.modelIds.length > 6 && ", …"}
          </p>
        )}
      </div>
    </div>
  );
}

/** The last recorded test of a saved provider, in the providers table. */
export function LastTest({ lastTest }: { lastTest: { at: Date; ok: boolean; message: string } | null }) {
  if (!lastTest) return <span className="text-xs text-muted-foreground">Not tested yet</span>;
  const Icon = lastTest.ok ? CheckCircle2 : XCircle;
  return (
    <div className="grid max-w-64 gap-0.5" data-testid="provider-last-test" data-ok={lastTest.ok}>
      <span className={cn("flex items-center gap-1.5 text-xs font-medium", lastTest.ok ? "text-success" : "text-destructive")}>
        <Icon className="size-3.5 shrink-0" aria-hidden />
        <span className="line-clamp-2 [overflow-wrap:anywhere]" title={lastTest.message}>
          {lastTest.message}
        </span>
      </span>
      <time className="text-xs text-muted-foreground" dateTime={new Date(lastTest.at).toISOString()} title={formatDateTime(lastTest.at)}>
        {relativeTime(lastTest.at)}
      </time>
    </div>
  );
}
