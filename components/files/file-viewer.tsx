"use client";

import { useQuery } from "@tanstack/react-query";
import { FilePen, FileText } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonList } from "@/components/ui/skeleton";
import { CodeView, VIEW_MAX_LINES } from "./code-view";
import { formatBytes } from "./format-bytes";

/** A file's contents, read-only; `onEdit` (people who may change the project) adds an Edit button. */
export function FileViewer({ projectId, path, onEdit }: { projectId: string; path: string | null; onEdit?: () => void }) {
  const trpc = useTRPC();
  const file = useQuery({ ...trpc.projects.file.queryOptions({ projectId, path: path ?? "" }), enabled: Boolean(path) });

  if (!path) {
    return <EmptyState icon={FileText} title="Pick a file" description="Choose a file on the left to read it." className="h-full" data-testid="file-viewer" />;
  }
  return (
    <div data-testid="file-viewer" data-path={path} className="flex min-h-0 flex-col overflow-hidden rounded-lg border bg-card">
      <header className="flex items-center gap-2 border-b bg-muted/40 px-3 py-1.5">
        <FileText className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
        <span className="min-w-0 truncate font-mono text-xs font-medium">{path}</span>
        {file.data && <span className="shrink-0 text-xs text-muted-foreground">{formatBytes(file.data.bytes)}</span>}
        {file.data && <CopyButton value={file.data.content} label="Copy" className="ml-auto h-7" />}
        {file.data && onEdit && (
          <Button variant="outline" size="sm" className="h-7" onClick={onEdit} data-testid="file-edit">
            <FilePen />
            Edit
          </Button>
        )}
      </header>
      {file.isPending ? (
        <SkeletonList rows={8} label="Loading file" className="p-3" />
      ) : file.isError ? (
        <ErrorState title="Couldn't open this file" error={file.error} onRetry={() => void file.refetch()} retrying={file.isRefetching} className="m-3" />
      ) : (
        <>
          {(file.data.truncated || file.data.content.split("\n").length > VIEW_MAX_LINES) && (
            <p className="border-b bg-warning/10 px-3 py-1.5 text-xs" role="note">
              Large file: showing the beginning only. Download the project to see all of it.
            </p>
          )}
          <div className="min-h-0 flex-1 overflow-auto">
            {file.data.content ? <CodeView path={path} content={file.data.content} /> : <p className="p-3 text-sm text-muted-foreground">This file is empty.</p>}
          </div>
        </>
      )}
    </div>
  );
}
