"use client";

import { Plus, Trash2, X } from "lucide-react";
import type { CostedTask } from "@/lib/plan";
import { roleLabel } from "@/lib/role-names";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { PlanDependencyPicker } from "./plan-dependency-picker";
import type { TaskPatch } from "./plan-edit";
import { TaskKey } from "./plan-task-item";

const MAX_CRITERIA = 12;

/** One task in edit mode: title, role, description, criteria and dependencies are editable; the task can be removed. */
export function PlanTaskEditor({
  task,
  tasks,
  roles,
  onChange,
  onRemove,
  canRemove,
}: {
  task: CostedTask;
  /** Every task of the plan: the ones this task may wait for. */
  tasks: Pick<CostedTask, "key" | "title">[];
  roles: string[];
  onChange: (patch: TaskPatch) => void;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const roleChoices = roles.filter((r) => r !== "planner" || task.role === "planner");
  if (!roleChoices.includes(task.role)) roleChoices.push(task.role);
  const criteria = task.acceptanceCriteria;
  const titleLength = task.title.trim().length;
  const descriptionLength = task.description.trim().length;
  const setCriterion = (index: number, value: string) => onChange({ acceptanceCriteria: criteria.map((c, i) => (i === index ? value : c)) });
  return (
    <li data-testid="plan-task" data-key={task.key} className="grid gap-3 rounded-lg border border-primary/30 bg-background p-3">
      <div className="flex items-center gap-2">
        <TaskKey value={task.key} />
        <Button
          variant="ghost"
          size="sm"
          className="ml-auto text-destructive hover:bg-destructive/10 hover:text-destructive"
          onClick={onRemove}
          disabled={!canRemove}
          title={canRemove ? undefined : "A plan needs at least one task"}
          aria-label={`Remove task ${task.title || task.key}`}
          data-testid="plan-task-remove"
        >
          <Trash2 />
          Remove
        </Button>
      </div>
      <FormField label="Title" error={titleLength < 3 ? "At least 3 characters" : null}>
        <Input value={task.title} maxLength={120} onChange={(e) => onChange({ title: e.target.value })} data-testid="plan-task-title" />
      </FormField>
      <div className="grid gap-1.5">
        <Label id={`${task.key}-role-label`}>Done by</Label>
        <Select value={task.role} onValueChange={(role) => onChange({ role })}>
          <SelectTrigger className="sm:w-64" aria-labelledby={`${task.key}-role-label`} data-testid="plan-task-role">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {roleChoices.map((r) => (
              <SelectItem key={r} value={r} data-testid="plan-task-role-option" data-role={r}>
                {roleLabel(r)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <FormField label="Description" error={descriptionLength < 10 ? "At least 10 characters" : null}>
        <Textarea
          value={task.description}
          rows={3}
          maxLength={4000}
          onChange={(e) => onChange({ description: e.target.value })}
          data-testid="plan-task-description"
        />
      </FormField>
      <fieldset className="grid gap-1.5">
        <legend className="mb-1.5 text-sm font-medium">Acceptance criteria</legend>
        <ul className="grid gap-1.5">
          {criteria.map((c, i) => (
            <li key={i} className="flex items-center gap-1.5">
              <Input
                value={c}
                maxLength={400}
                aria-label={`Criterion ${i + 1}`}
                autoFocus={c === "" && i === criteria.length - 1}
                onChange={(e) => setCriterion(i, e.target.value)}
                data-testid="plan-task-criterion"
              />
              <Button
                variant="ghost"
                size="icon-sm"
                aria-label={`Remove criterion ${i + 1}`}
                disabled={criteria.length <= 1}
                onClick={() => onChange({ acceptanceCriteria: criteria.filter((_, j) => j !== i) })}
              >
                <X />
              </Button>
            </li>
          ))}
        </ul>
        <Button
          variant="ghost"
          size="sm"
          className="w-fit"
          disabled={criteria.length >= MAX_CRITERIA}
          onClick={() => onChange({ acceptanceCriteria: [...criteria, ""] })}
        >
          <Plus />
          Add criterion
        </Button>
      </fieldset>
      <PlanDependencyPicker task={task} tasks={tasks} onChange={(dependsOn) => onChange({ dependsOn })} />
    </li>
  );
}
