"use client";

import * as React from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { CommitDiff } from "./commit-diff";

/** A commit's diff over the page (from the timeline), so the task stays in view behind it. */
export function DiffDialog({
  projectId,
  sha,
  title,
  open,
  onOpenChange,
}: {
  projectId: string;
  sha: string;
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-5xl sm:max-w-5xl">
        <DialogHeader>
          <DialogTitle className="truncate">{title}</DialogTitle>
          <DialogDescription className="font-mono text-xs">{sha.slice(0, 12)}</DialogDescription>
        </DialogHeader>
        {open && <CommitDiff projectId={projectId} sha={sha} />}
      </DialogContent>
    </Dialog>
  );
}
