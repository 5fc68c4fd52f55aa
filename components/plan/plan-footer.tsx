"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ArrowRight, Ban, Check, CircleCheck, Clock, Eye, Pencil, RotateCw, Save, Undo2, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { planStatusLabel } from "./plan-status";

type Props = {
  projectId: string;
  kind: "new_project" | "change_request";
  status: string | undefined;
  loadError: "not_found" | "failed" | null;
  onReload: () => void;
  canRun: boolean;
  editing: boolean;
  blocked: boolean;
  approving: boolean;
  cancelling: boolean;
  saving: boolean;
  onSave: () => void;
  onApprove: () => void;
  onEdit: () => void;
  onDiscard: () => void;
  onCancel: () => void;
};

/** A link to the project, unless this is already its page. */
export function OpenProjectLink({ projectId }: { projectId: string }) {
  const href = `/projects/${projectId}`;
  if (usePathname() === href) return null;
  return (
    <Button variant="outline" size="sm" asChild>
      <Link href={href} data-testid="plan-open-project">
        Open project
        <ArrowRight />
      </Link>
    </Button>
  );
}

/** The bottom of a plan card: what can be done with the plan now, or what became of it. */
export function PlanFooter(p: Props) {
  if (p.loadError === "not_found") {
    return <p className="text-sm text-muted-foreground">{p.kind === "change_request" ? "This change or its project no longer exists." : "This project no longer exists."}</p>;
  }
  if (!p.status) {
    if (p.loadError) {
      return (
        <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground" role="alert">
          Couldn&apos;t load the project&apos;s status.
          <Button variant="ghost" size="sm" onClick={p.onReload}>
            <RotateCw />
            Try again
          </Button>
        </div>
      );
    }
    return (
      <div role="status" aria-label="Loading plan status">
        <Skeleton className="h-8 w-56" />
      </div>
    );
  }

  if (p.status !== "draft") {
    const label = planStatusLabel(p.status, p.kind);
    const Icon = p.status === "cancelled" ? Ban : CircleCheck;
    return (
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="flex items-center gap-1.5 text-sm font-medium" data-testid="plan-outcome" role="status">
          <Icon className={p.status === "cancelled" ? "size-4 text-muted-foreground" : "size-4 text-success"} aria-hidden />
          {label.line}
        </p>
        <OpenProjectLink projectId={p.projectId} />
      </div>
    );
  }

  if (!p.canRun) {
    return (
      <p className="flex items-center gap-1.5 text-sm text-muted-foreground" data-testid="plan-readonly">
        <Eye className="size-4" aria-hidden />
        Awaiting approval. Members can approve, edit or cancel this plan.
      </p>
    );
  }

  if (p.editing) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={p.onApprove} loading={p.approving} disabled={p.blocked || p.saving} data-testid="plan-approve">
          {!p.approving && <Check />}
          Approve edited plan
        </Button>
        <Button variant="outline" onClick={p.onSave} loading={p.saving} disabled={p.blocked || p.approving} data-testid="plan-save">
          {!p.saving && <Save />}
          Save without approving
        </Button>
        <Button variant="ghost" onClick={p.onDiscard} disabled={p.approving || p.saving} data-testid="plan-edit-discard">
          <Undo2 />
          Discard changes
        </Button>
      </div>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button onClick={p.onApprove} loading={p.approving} disabled={p.cancelling} data-testid="plan-approve">
        {!p.approving && <Check />}
        Approve
      </Button>
      <Button variant="outline" onClick={p.onEdit} disabled={p.approving || p.cancelling} data-testid="plan-edit">
        <Pencil />
        Edit
      </Button>
      <Button
        variant="ghost"
        className="text-destructive hover:bg-destructive/10 hover:text-destructive"
        onClick={p.onCancel}
        disabled={p.approving || p.cancelling}
        data-testid="plan-cancel"
      >
        <X />
        Cancel
      </Button>
      <span className="ml-auto flex items-center gap-1 text-xs text-muted-foreground">
        <Clock className="size-3.5" aria-hidden />
        Nothing runs until you approve
      </span>
    </div>
  );
}
