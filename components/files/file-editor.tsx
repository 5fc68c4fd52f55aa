"use client";

import * as React from "react";
import dynamic from "next/dynamic";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FilePen, FilePlus, RotateCw } from "lucide-react";
import { useTheme } from "next-themes";
import { toast } from "sonner";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { SkeletonList } from "@/components/ui/skeleton";

// CodeMirror is fetched only when a person opens the editor.
const CodeEditor = dynamic(() => import("./code-editor"), {
  ssr: false,
  loading: () => <SkeletonList rows={8} label="Loading the editor" className="p-3" />,
});

/** Mirrors the server's limit (server/workspace/edit.ts): a bigger save is refused there anyway. */
const MAX_EDIT_BYTES = 512 * 1024;

const isConflict = (e: unknown) => (e as { data?: { code?: string } } | null)?.data?.code === "CONFLICT" && /changed since you opened it/.test(errorMessage(e));

/**
 * Edits one file (or creates it, `isNew`) and saves it as a commit under the person's name. The save
 * carries the version that was opened; if the file changed meanwhile the server refuses, and the person
 * can reload the new version (their text stays until they do).
 */
export function FileEditor({ projectId, path, isNew, onDone }: { projectId: string; path: string; isNew: boolean; onDone: (savedPath: string | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { resolvedTheme } = useTheme();
  const file = useQuery({ ...trpc.workspace.open.queryOptions({ projectId, path }), enabled: !isNew, staleTime: 0, gcTime: 0, refetchOnWindowFocus: false });
  const initial = isNew ? "" : file.data?.content;
  const [text, setText] = React.useState<string | null>(null);
  const [message, setMessage] = React.useState(isNew ? `Add ${path}` : `Edit ${path}`);
  const current = text ?? initial ?? "";
  const dirty = isNew || (text !== null && text !== initial);
  const bytes = React.useMemo(() => new TextEncoder().encode(current).length, [current]);
  const tooBig = bytes > MAX_EDIT_BYTES;

  const save = useMutation(
    trpc.workspace.save.mutationOptions({
      onSuccess: async (saved) => {
        toast.success(`Saved ${saved.path} as commit ${saved.sha.slice(0, 7)}`);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.projects.files.queryKey({ projectId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.projects.commits.queryKey({ projectId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.projects.file.queryKey() }),
        ]);
        onDone(saved.path);
      },
    }),
  );

  const reload = async () => {
    save.reset();
    setText(null);
    await file.refetch();
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (tooBig || !message.trim()) return;
    save.mutate({ projectId, path, content: current, version: isNew ? null : (file.data?.version ?? null), message });
  };

  const Icon = isNew ? FilePlus : FilePen;
  return (
    <form onSubmit={submit} data-testid="file-editor" data-path={path} className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border bg-card">
      <header className="flex min-w-0 items-center gap-2 border-b bg-muted/40 px-3 py-1.5">
        <Icon className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
        <h3 className="min-w-0 truncate font-mono text-xs font-medium">{path}</h3>
        <span className="shrink-0 text-xs text-muted-foreground">{isNew ? "new file" : dirty ? "edited" : "editing"}</span>
      </header>

      <div className="min-h-0 flex-1">
        {!isNew && file.isPending ? (
          <SkeletonList rows={8} label="Loading file" className="p-3" />
        ) : !isNew && file.isError ? (
          <ErrorState title="Couldn't open this file for editing" error={file.error} onRetry={() => void file.refetch()} retrying={file.isRefetching} className="m-3" />
        ) : (
          <CodeEditor
            key={`${path}:${file.data?.version ?? "new"}`}
            path={path}
            initial={initial ?? ""}
            dark={resolvedTheme === "dark"}
            onChange={setText}
            label={`Contents of ${path}`}
          />
        )}
      </div>

      <footer className="grid gap-2 border-t bg-muted/20 p-3">
        {tooBig && (
          <FormAlert testId="editor-error">
            The file is {Math.ceil(bytes / 1024)} KiB; files up to {MAX_EDIT_BYTES / 1024} KiB can be edited in the browser.
          </FormAlert>
        )}
        {save.isError && (
          <FormAlert testId="editor-error" className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <span className="min-w-0 flex-1">{errorMessage(save.error)}</span>
            {isConflict(save.error) && !isNew && (
              <Button type="button" size="sm" variant="outline" onClick={() => void reload()} data-testid="editor-reload">
                <RotateCw />
                Reload (drops your changes)
              </Button>
            )}
          </FormAlert>
        )}
        <div className="flex flex-wrap items-end gap-2">
          <label className="grid min-w-0 flex-1 basis-64 gap-1 text-xs font-medium">
            Commit message
            <Input
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              maxLength={2000}
              required
              data-testid="editor-message"
              aria-describedby="editor-author-note"
            />
          </label>
          <div className="flex gap-2">
            <Button type="button" variant="outline" size="sm" className="h-9" onClick={() => onDone(null)} data-testid="editor-cancel">
              Cancel
            </Button>
            <Button type="submit" size="sm" className="h-9" loading={save.isPending} disabled={!dirty || tooBig || !message.trim() || (!isNew && !file.data)} data-testid="editor-save">
              Save
            </Button>
          </div>
        </div>
        <p id="editor-author-note" className="text-xs text-muted-foreground">
          Saving commits this file under your name. Agents are told about it in their next task.
        </p>
      </footer>
    </form>
  );
}
