"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Ban, Pause, Play } from "lucide-react";
import { toast } from "sonner";
import { can } from "@/lib/rbac";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DownloadZipButton } from "@/components/files/download-zip-button";
import type { ProjectStatus } from "./project-types";

type Action = "pause" | "resume" | "cancel";

const CONFIRM: Record<Exclude<Action, "resume">, { title: string; description: string; label: string; keep: string; destructive: boolean }> = {
  pause: {
    title: "Pause this project?",
    description: "Running agents stop at their next step and nothing new starts. Their tasks continue when you resume.",
    label: "Pause",
    keep: "Keep running",
    destructive: false,
  },
  cancel: {
    title: "Cancel this project?",
    description: "Every queued and running task stops for good. Finished work and files stay. This cannot be undone.",
    label: "Cancel project",
    keep: "Keep the project",
    destructive: true,
  },
};

const CANCELLABLE: ProjectStatus[] = ["running", "paused", "failed"];

/** Pause / resume / cancel, as the project's status and the person's role allow, and the zip. */
export function ProjectActions({ projectId, status, hasFiles }: { projectId: string; status: ProjectStatus; hasFiles: boolean }) {
  const { role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = React.useState<Exclude<Action, "resume"> | null>(null);

  const done = (verb: string) => ({
    onSuccess: () => {
      toast.success(verb);
      setConfirming(null);
      void queryClient.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ projectId }) });
    },
    onError: (e: unknown) => toast.error(errorMessage(e)),
  });
  const pause = useMutation(trpc.projects.pause.mutationOptions(done("Project paused")));
  const resume = useMutation(trpc.projects.resume.mutationOptions(done("Project resumed")));
  const cancel = useMutation(trpc.projects.cancel.mutationOptions(done("Project cancelled")));

  const mayRun = can(role, "projects:run");
  const pending = confirming === "pause" ? pause.isPending : cancel.isPending;
  // A question about a state the project has left (it finished while the dialog was open) goes away.
  if (confirming && !(confirming === "pause" ? status === "running" : CANCELLABLE.includes(status))) setConfirming(null);

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="project-actions">
      {mayRun && status === "running" && (
        <Button variant="outline" size="sm" onClick={() => setConfirming("pause")} data-testid="project-pause">
          <Pause />
          Pause
        </Button>
      )}
      {mayRun && status === "paused" && (
        <Button size="sm" onClick={() => resume.mutate({ projectId })} loading={resume.isPending} data-testid="project-resume">
          {!resume.isPending && <Play />}
          Resume
        </Button>
      )}
      {mayRun && CANCELLABLE.includes(status) && (
        <Button variant="outline" size="sm" onClick={() => setConfirming("cancel")} data-testid="project-cancel" className="text-destructive hover:text-destructive">
          <Ban />
          Cancel
        </Button>
      )}
      {status !== "draft" && <DownloadZipButton projectId={projectId} disabled={!hasFiles} />}
      {confirming && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setConfirming(null)}
          title={CONFIRM[confirming].title}
          description={CONFIRM[confirming].description}
          confirmLabel={CONFIRM[confirming].label}
          cancelLabel={CONFIRM[confirming].keep}
          destructive={CONFIRM[confirming].destructive}
          pending={pending}
          onConfirm={() => (confirming === "pause" ? pause.mutate({ projectId }) : cancel.mutate({ projectId }))}
        />
      )}
    </div>
  );
}
