"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Ellipsis, Pencil, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { PROJECT_NAME_MAX } from "@/lib/names";
import { can } from "@/lib/rbac";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { RenameDialog } from "@/components/housekeeping/rename-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import type { ProjectStatus } from "./project-types";

type Dialog = "rename" | "archive" | "delete" | null;

/** Rename, archive or restore, and delete a project, as the person's role allows. */
export function ProjectHousekeeping({ projectId, name, status, archived }: { projectId: string; name: string; status: ProjectStatus; archived: boolean }) {
  const { role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = React.useState<Dialog>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ projectId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
  };
  const rename = useMutation(
    trpc.projects.rename.mutationOptions({
      onSuccess: () => {
        toast.success("Project renamed");
        setOpen(null);
        refresh();
      },
    }),
  );
  const archive = useMutation(
    trpc.projects.archive.mutationOptions({
      onSuccess: () => {
        toast.success(`“${name}” archived. Find it under Archived on the Projects page.`);
        setOpen(null);
        refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const restore = useMutation(
    trpc.projects.restore.mutationOptions({
      onSuccess: () => {
        toast.success(`“${name}” restored`);
        refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const remove = useMutation(
    trpc.projects.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`“${name}” deleted`);
        setOpen(null);
        void queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
        router.push("/projects");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  const mayUpdate = can(role, "projects:update");
  const mayDelete = can(role, "projects:delete");
  if (!mayUpdate && !mayDelete) return archived ? <Badge variant="muted">Archived</Badge> : null;
  const live = ["running", "paused", "failed", "needs_attention", "planning"].includes(status);

  return (
    <>
      {archived && (
        <>
          <Badge variant="muted" data-testid="project-archived">
            Archived
          </Badge>
          {mayUpdate && (
            <Button variant="outline" size="sm" onClick={() => restore.mutate({ projectId })} loading={restore.isPending} data-testid="project-restore">
              {!restore.isPending && <ArchiveRestore />}
              Restore
            </Button>
          )}
        </>
      )}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="icon-sm" aria-label="More project actions" data-testid="project-more">
            <Ellipsis />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {mayUpdate && (
            <DropdownMenuItem onSelect={() => setOpen("rename")} data-testid="project-rename">
              <Pencil />
              Rename…
            </DropdownMenuItem>
          )}
          {mayUpdate && !archived && (
            <DropdownMenuItem onSelect={() => setOpen("archive")} data-testid="project-archive">
              <Archive />
              Archive…
            </DropdownMenuItem>
          )}
          {mayDelete && (
            <>
              {mayUpdate && <DropdownMenuSeparator />}
              <DropdownMenuItem destructive onSelect={() => setOpen("delete")} data-testid="project-delete">
                <Trash2 />
                Delete…
              </DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>

      {open === "rename" && (
        <RenameDialog
          open
          onOpenChange={(o) => !o && (setOpen(null), rename.reset())}
          title="Rename project"
          label="Project name"
          initial={name}
          min={2}
          max={PROJECT_NAME_MAX}
          pending={rename.isPending}
          error={rename.error ? errorMessage(rename.error) : null}
          onSave={(next) => rename.mutate({ projectId, name: next })}
        />
      )}
      {open === "archive" && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setOpen(null)}
          title={<span className="break-words">Archive “{name}”?</span>}
          description="It leaves the projects list and the dashboard; everything in it stays. Restore it any time from Archived on the Projects page."
          confirmLabel="Archive"
          pending={archive.isPending}
          onConfirm={() => archive.mutate({ projectId })}
        />
      )}
      {open === "delete" && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setOpen(null)}
          title={<span className="break-words">Delete “{name}” for good?</span>}
          description={`${live ? "Its running work is cancelled first. " : ""}Its plan, tasks, agent timeline, files and workspace are deleted and cannot be restored. Spending stays in the cost reports. Archive it instead to only hide it.`}
          confirmLabel="Delete project"
          destructive
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ projectId })}
        />
      )}
    </>
  );
}
