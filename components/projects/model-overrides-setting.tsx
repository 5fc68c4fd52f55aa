"use client";

import * as React from "react";
import { Boxes } from "lucide-react";
import { can } from "@/lib/rbac";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { ModelOverridesForm } from "./model-overrides-form";
import { overrideRoleLabel, teamRoles } from "./model-overrides";
import type { ProjectDetailData } from "./project-types";

/**
 * "Models": a model per agent role instead of its tier's (Admin → Models). Owners and admins choose;
 * everyone else sees the choices read-only, like the other controls on the project.
 */
export function ModelOverridesSetting({ project }: { project: ProjectDetailData }) {
  const { role } = useOrg();
  const [open, setOpen] = React.useState(false);
  const overrides = project.settings.modelOverrides;
  const summary = overrides.length === 0 ? "tier defaults" : `${overrides.length} ${overrides.length === 1 ? "role" : "roles"} chosen`;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        variant="outline"
        size="sm"
        className="h-7 gap-1.5 px-2.5"
        onClick={() => setOpen(true)}
        data-testid="model-overrides-open"
        data-count={overrides.length}
        title={overrides.map((o) => `${overrideRoleLabel(o.role)}: ${o.model}`).join("\n") || undefined}
      >
        <Boxes className="size-3.5" aria-hidden />
        Models: <span className="font-normal text-muted-foreground">{summary}</span>
      </Button>
      <DialogContent className="sm:max-w-xl" data-testid="model-overrides-dialog">
        {open && (
          <ModelOverridesForm
            projectId={project.id}
            roles={teamRoles(project)}
            overrides={overrides}
            canEdit={can(role, "projects:safety")}
            onDone={() => setOpen(false)}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}
