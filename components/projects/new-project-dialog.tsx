"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { FormAlert } from "@/components/ui/form-alert";

export function NewProjectDialog({ trigger }: { trigger?: React.ReactNode }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const [name, setName] = React.useState("");
  const [goal, setGoal] = React.useState("");
  const [errors, setErrors] = React.useState<{ name?: string; goal?: string; form?: string }>({});

  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
        toast.success(`Created ${name.trim()}`);
        setOpen(false);
        setName("");
        setGoal("");
        router.push(`/projects/${id}`);
      },
      onError: (e) => setErrors({ form: errorMessage(e) }),
    }),
  );

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setErrors({});
      }}
    >
      <DialogTrigger asChild>
        {trigger ?? (
          <Button data-testid="new-project">
            <Plus />
            New project
          </Button>
        )}
      </DialogTrigger>
      <DialogContent data-testid="new-project-dialog">
        <DialogHeader>
          <DialogTitle>New project</DialogTitle>
          <DialogDescription>
            Describe the outcome you want. The planner turns the goal into costed tasks for the agents; you approve the plan before any work starts.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const found: typeof errors = {};
            if (name.trim().length < 2) found.name = "Give the project a name of at least 2 characters.";
            if (goal.trim().length < 5) found.goal = "Describe the goal in a few words.";
            setErrors(found);
            if (Object.keys(found).length) return;
            create.mutate({ orgId, name: name.trim(), goal: goal.trim() });
          }}
        >
          {errors.form && <FormAlert>{errors.form}</FormAlert>}
          <FormField label="Name" error={errors.name}>
            <Input name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Customer portal" maxLength={100} autoFocus />
          </FormField>
          <FormField label="Goal" error={errors.goal} hint="What should exist when the project is done?">
            <Textarea
              name="goal"
              value={goal}
              onChange={(e) => setGoal(e.target.value)}
              placeholder="A web portal where customers can see their invoices and download PDFs."
              rows={4}
              maxLength={4000}
            />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="new-project-submit">
              {create.isPending ? "Planning…" : "Create project"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
