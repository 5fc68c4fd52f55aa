"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Lock } from "lucide-react";
import { Switch } from "radix-ui";
import { toast } from "sonner";
import { can } from "@/lib/rbac";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { cn } from "@/lib/utils";

/**
 * "Require approval before commands run": flips at once, reverts if the server refuses. Only owners
 * and admins hold `projects:safety` (it is the control meant to hold members): others see the
 * setting, locked, with the reason.
 */
export function CommandApprovalSwitch({ projectId, checked }: { projectId: string; checked: boolean }) {
  const { role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = React.useId();
  const key = trpc.projects.get.queryKey({ projectId });
  const set = (value: boolean) =>
    queryClient.setQueryData(key, (old) => (old ? { ...old, settings: { ...old.settings, requireCommandApproval: value } } : old));
  const update = useMutation(
    trpc.projects.updateSettings.mutationOptions({
      onMutate: ({ requireCommandApproval }) => set(Boolean(requireCommandApproval)),
      onSuccess: (_d, { requireCommandApproval }) =>
        toast.success(requireCommandApproval ? "Agents now ask before running commands" : "Agents run commands without asking"),
      onError: (e, { requireCommandApproval }) => {
        set(!requireCommandApproval);
        toast.error(errorMessage(e));
      },
    }),
  );
  const allowed = can(role, "projects:safety");
  const disabled = !allowed || update.isPending;
  const reasonId = `${id}-reason`;
  return (
    <div className="flex items-center gap-2">
      <Switch.Root
        id={id}
        checked={checked}
        disabled={disabled}
        onCheckedChange={(value) => update.mutate({ projectId, requireCommandApproval: value })}
        data-testid="require-command-approval"
        aria-describedby={allowed ? undefined : reasonId}
        className={cn(
          "peer relative inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent shadow-xs transition-colors outline-none",
          "focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background disabled:cursor-not-allowed disabled:opacity-50",
          "data-[state=checked]:bg-primary data-[state=unchecked]:bg-input",
        )}
      >
        <Switch.Thumb className="pointer-events-none block size-4 rounded-full bg-background shadow-sm ring-0 transition-transform data-[state=checked]:translate-x-4 data-[state=unchecked]:translate-x-0.5" />
      </Switch.Root>
      <label htmlFor={id} className="text-sm select-none peer-disabled:opacity-60">
        Require approval before commands run
      </label>
      {!allowed && (
        <span
          id={reasonId}
          className="flex items-center gap-1 text-xs text-muted-foreground"
          title="Command approval holds what agents may run; only owners and admins can change it."
          data-testid="command-approval-locked"
        >
          <Lock className="size-3" aria-hidden />
          Only admins can change this
        </span>
      )}
    </div>
  );
}
