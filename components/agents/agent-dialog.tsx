"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { useRuntime } from "@/components/chat/use-runtime";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { AgentSwitch } from "./agent-switch";
import { asTier, TIERS, type Agent, type ModelTier } from "./agent-types";
import { ToolPicker } from "./tool-picker";

type Form = { role: string; name: string; instructions: string; tools: string[]; modelTier: ModelTier; enabled: boolean };
type Errors = Partial<Record<"role" | "name" | "instructions" | "form", string>>;

const EMPTY: Form = { role: "", name: "", instructions: "", tools: ["list_files", "read_file", "finish"], modelTier: "standard", enabled: true };

// Mirrors server/agents/registry.ts so mistakes show before the round trip.
function validate(form: Form, creating: boolean, takenRoles: string[]): Errors {
  const errors: Errors = {};
  const role = form.role.trim();
  if (creating && !/^[a-z][a-z0-9-]{1,39}$/.test(role)) errors.role = "Use a short lowercase word, such as security or docs.";
  else if (creating && takenRoles.includes(role)) errors.role = `There is already an agent for “${role}”: edit that one instead.`;
  const name = form.name.trim().length;
  if (name < 2 || name > 60) errors.name = "Give a name of 2 to 60 characters.";
  const instructions = form.instructions.trim().length;
  if (instructions < 10 || instructions > 8000) errors.instructions = "Write at least 10 characters (8000 at most).";
  return errors;
}

/** Add an agent, or edit one (admins only; the server checks agents:manage too). */
export function AgentDialog({
  agent,
  open,
  onOpenChange,
  takenRoles = [],
}: {
  agent?: Agent;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Roles that already have an agent (one agent per role). */
  takenRoles?: string[];
}) {
  const creating = !agent;
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runtime = useRuntime();
  const initial = React.useMemo<Form>(
    () => (agent ? { role: agent.role, name: agent.name, instructions: agent.instructions, tools: agent.tools, modelTier: asTier(agent.modelTier), enabled: agent.enabled } : EMPTY),
    [agent],
  );
  const [form, setForm] = React.useState<Form>(initial);
  const [errors, setErrors] = React.useState<Errors>({});
  // Each opening starts from the agent as it is now.
  const [wasOpen, setWasOpen] = React.useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setForm(initial);
      setErrors({});
    }
  }
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const done = (message: string) => {
    void queryClient.invalidateQueries({ queryKey: trpc.agents.list.queryKey({ orgId }) });
    toast.success(message);
    onOpenChange(false);
  };
  const onError = (e: unknown) => setErrors({ form: errorMessage(e) });
  const create = useMutation(trpc.agents.create.mutationOptions({ onSuccess: () => done(`Added ${form.name.trim()}`), onError }));
  const update = useMutation(trpc.agents.update.mutationOptions({ onSuccess: () => done(`Saved ${form.name.trim()}`), onError }));
  const pending = create.isPending || update.isPending;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const found = validate(form, creating, takenRoles);
    setErrors(found);
    if (Object.keys(found).length) return;
    const fields = { orgId, name: form.name.trim(), instructions: form.instructions.trim(), tools: form.tools, modelTier: form.modelTier };
    if (agent) update.mutate({ ...fields, agentId: agent.id, enabled: form.enabled });
    else create.mutate({ ...fields, role: form.role.trim() });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!pending) onOpenChange(next);
      }}
    >
      <DialogContent className="max-w-2xl" data-testid="agent-dialog">
        <DialogHeader>
          <DialogTitle>{agent ? `Edit ${agent.name}` : "Add an agent"}</DialogTitle>
          <DialogDescription>
            {agent
              ? `Works on the plan's “${agent.role}” tasks. Changes apply to the next task it starts.`
              : "A new role the planner can give tasks to. Give it clear instructions and only the tools it needs."}
          </DialogDescription>
        </DialogHeader>
        <form className="grid gap-4" noValidate onSubmit={submit}>
          {errors.form && <FormAlert testId="agent-error">{errors.form}</FormAlert>}
          <div className="grid gap-4 sm:grid-cols-2">
            {creating && (
              <FormField label="Role" hint="Lowercase, e.g. security or docs" error={errors.role}>
                <Input value={form.role} maxLength={40} onChange={(e) => set("role", e.target.value.toLowerCase())} placeholder="security" autoFocus data-testid="agent-role" />
              </FormField>
            )}
            <FormField label="Name" error={errors.name} className={creating ? undefined : "sm:col-span-2"}>
              <Input value={form.name} maxLength={60} onChange={(e) => set("name", e.target.value)} placeholder="Security reviewer" data-testid="agent-name" />
            </FormField>
          </div>
          <FormField label="Instructions" hint="What this agent does and how: its system prompt." error={errors.instructions}>
            <Textarea value={form.instructions} rows={6} maxLength={8000} onChange={(e) => set("instructions", e.target.value)} data-testid="agent-instructions" />
          </FormField>
          <div className="grid gap-1.5">
            <Label htmlFor="agent-tier">Model tier</Label>
            <Select value={form.modelTier} onValueChange={(v) => set("modelTier", v as ModelTier)}>
              <SelectTrigger id="agent-tier" data-testid="agent-tier">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {TIERS.map((t) => (
                  <SelectItem key={t.value} value={t.value} description={`${runtime.data?.models.tiers[t.value].label ?? "…"} · ${t.description}`}>
                    {t.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <ToolPicker value={form.tools} onChange={(tools) => set("tools", tools)} />
          {agent && (
            <div className="flex items-center justify-between gap-4 rounded-lg border px-3 py-2.5">
              <div className="grid gap-0.5">
                <Label htmlFor="agent-enabled">Enabled</Label>
                <p className="text-xs text-muted-foreground">
                  A disabled agent takes no new tasks: its role&apos;s tasks fail until it is enabled again and they are retried.
                </p>
              </div>
              <AgentSwitch id="agent-enabled" checked={form.enabled} onCheckedChange={(v) => set("enabled", v)} data-testid="agent-enabled" />
            </div>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" loading={pending} data-testid="agent-save">
              {agent ? "Save changes" : "Add agent"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
