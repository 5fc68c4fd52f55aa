"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { FolderOpen, GitCommitHorizontal } from "lucide-react";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton, SkeletonList } from "@/components/ui/skeleton";
import { CommitDiff } from "./commit-diff";
import { commitTitle, CommitList } from "./commit-list";
import { DownloadZipButton } from "./download-zip-button";
import { FileEditor } from "./file-editor";
import { FileTree } from "./file-tree";
import { FileViewer } from "./file-viewer";
import { NewFileDialog } from "./new-file-dialog";

type View = { kind: "file"; path: string | null } | { kind: "commit"; sha: string } | { kind: "edit"; path: string; isNew: boolean };

/** The workspace: file tree, viewer and editor, the commits (one per task or edit) with their diffs, and the zip. */
export function FilesTab({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const { role } = useOrg();
  const mayEdit = can(role, "projects:update");
  const files = useQuery(trpc.projects.files.queryOptions({ projectId }));
  const commits = useQuery(trpc.projects.commits.queryOptions({ projectId }));
  const [view, setView] = React.useState<View>({ kind: "file", path: null });

  // Open something useful at first: the README if there is one, else the first file.
  const firstPath = files.data?.find((f) => /^readme/i.test(f.path))?.path ?? files.data?.[0]?.path ?? null;
  const shown: View = view.kind === "file" && view.path === null ? { kind: "file", path: firstPath } : view;
  const selectedCommit = commits.data?.find((c) => shown.kind === "commit" && c.sha === shown.sha);
  const create = (path: string) => setView({ kind: "edit", path, isNew: true });
  const paths = files.data?.map((f) => f.path) ?? [];

  if (files.isError) {
    return <ErrorState title="Couldn't load the files" error={files.error} onRetry={() => void files.refetch()} retrying={files.isRefetching} />;
  }
  if (files.isPending) {
    return (
      <div className="grid gap-4 lg:grid-cols-[280px_1fr]" role="status" aria-label="Loading files">
        <SkeletonList rows={6} />
        <Skeleton className="h-96 rounded-lg" />
      </div>
    );
  }
  if (files.data.length === 0 && shown.kind !== "edit") {
    return (
      <EmptyState
        icon={FolderOpen}
        title="No files yet"
        description="The agents' work appears here as they commit it: every finished task is one commit."
        data-testid="files-empty"
        action={mayEdit ? <NewFileDialog existing={paths} onCreate={create} /> : undefined}
      />
    );
  }

  return (
    <div className="grid gap-4 lg:grid-cols-[300px_minmax(0,1fr)]">
      <div className="grid content-start gap-4">
        <section aria-labelledby="files-heading" className="grid gap-2">
          <div className="flex items-center justify-between gap-2">
            <h3 id="files-heading" className="text-sm font-semibold">
              Files <span className="font-normal text-muted-foreground">({files.data.length})</span>
            </h3>
            <div className="flex items-center gap-2">
              {mayEdit && <NewFileDialog existing={paths} onCreate={create} />}
              <DownloadZipButton projectId={projectId} withOptions />
            </div>
          </div>
          <div className="max-h-[45vh] overflow-y-auto rounded-lg border bg-card p-1">
            <FileTree files={files.data} selected={shown.kind === "commit" ? null : shown.path} onSelect={(path) => setView({ kind: "file", path })} />
          </div>
        </section>
        <section aria-labelledby="commits-heading" className="grid gap-2">
          <h3 id="commits-heading" className="text-sm font-semibold">
            Changes <span className="font-normal text-muted-foreground">(one commit per task or edit)</span>
          </h3>
          <div className="max-h-[35vh] overflow-y-auto rounded-lg border bg-card p-1">
            {commits.isPending ? (
              <SkeletonList rows={3} label="Loading commits" className="p-1" />
            ) : commits.isError ? (
              <ErrorState title="Couldn't load commits" error={commits.error} onRetry={() => void commits.refetch()} className="border-0 py-4" />
            ) : commits.data.length === 0 ? (
              <p className="p-3 text-sm text-muted-foreground">No commits yet.</p>
            ) : (
              <CommitList commits={commits.data} selected={shown.kind === "commit" ? shown.sha : null} onSelect={(sha) => setView({ kind: "commit", sha })} />
            )}
          </div>
        </section>
      </div>

      <div className="min-w-0">
        {shown.kind === "edit" ? (
          <div className="flex h-[78vh] min-h-96 flex-col">
            <FileEditor
              key={shown.path}
              projectId={projectId}
              path={shown.path}
              isNew={shown.isNew}
              onDone={(saved) => setView({ kind: "file", path: saved ?? (shown.isNew ? null : shown.path) })}
            />
          </div>
        ) : shown.kind === "file" ? (
          <div className="flex h-[78vh] min-h-96 flex-col">
            <FileViewer projectId={projectId} path={shown.path} onEdit={mayEdit && shown.path ? () => setView({ kind: "edit", path: shown.path!, isNew: false }) : undefined} />
          </div>
        ) : (
          <div className="grid gap-3">
            <header className="flex items-center gap-2">
              <GitCommitHorizontal className="size-4 text-muted-foreground" aria-hidden />
              <h3 className="min-w-0 truncate text-sm font-semibold">{selectedCommit ? commitTitle(selectedCommit.message) : "Commit"}</h3>
              <span className="font-mono text-xs text-muted-foreground">{shown.sha.slice(0, 7)}</span>
            </header>
            <CommitDiff projectId={projectId} sha={shown.sha} />
          </div>
        )}
      </div>
    </div>
  );
}
