"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Ellipsis, Pencil, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { CONVERSATION_TITLE_MAX } from "@/lib/names";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { RenameDialog } from "@/components/housekeeping/rename-dialog";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

/** Rename, archive or restore, and delete one of one's own conversations. */
export function ConversationMenu({ id, title, archived, onDeleted }: { id: string; title: string; archived: boolean; onDeleted: () => void }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState<"rename" | "delete" | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.chat.conversations.queryKey() });
  const onError = (e: unknown) => toast.error(errorMessage(e));

  const rename = useMutation(trpc.chat.rename.mutationOptions({ onSuccess: () => (setOpen(null), refresh()) }));
  const archive = useMutation(
    trpc.chat.archive.mutationOptions({
      onSuccess: (r) => {
        toast.success(r.archivedAt ? "Conversation archived" : "Conversation restored");
        refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.chat.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Conversation deleted");
        setOpen(null);
        refresh();
        onDeleted();
      },
      onError,
    }),
  );

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" className="shrink-0" aria-label={`Actions for ${title || "this conversation"}`} data-testid="conversation-more">
            <Ellipsis />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => setOpen("rename")}>
            <Pencil />
            Rename…
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => archive.mutate({ orgId, conversationId: id, archived: !archived })}>
            {archived ? <ArchiveRestore /> : <Archive />}
            {archived ? "Restore" : "Archive"}
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem destructive onSelect={() => setOpen("delete")}>
            <Trash2 />
            Delete…
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {open === "rename" && (
        <RenameDialog
          open
          onOpenChange={(o) => !o && (setOpen(null), rename.reset())}
          title="Rename conversation"
          label="Title"
          initial={title}
          max={CONVERSATION_TITLE_MAX}
          pending={rename.isPending}
          error={rename.error ? errorMessage(rename.error) : null}
          onSave={(next) => rename.mutate({ orgId, conversationId: id, title: next })}
        />
      )}
      {open === "delete" && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setOpen(null)}
          title={<span className="break-words">Delete “{title || "New chat"}”?</span>}
          description="Its messages are deleted for good. Projects started from it keep running."
          confirmLabel="Delete conversation"
          destructive
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ orgId, conversationId: id })}
        />
      )}
    </>
  );
}
