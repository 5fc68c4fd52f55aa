"use client";

import { Plus, Trash2, X } from "lucide-react";
import type { CostedTask } from "@/lib/plan";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { TaskPatch } from "./plan-edit";
import { DependencyChips, TaskKey } from "./plan-task-item";
import { RoleBadge } from "./role-badge";

const MAX_CRITERIA = 12;

/** One task in edit mode: title, description and criteria are editable; the task can be removed. */
export function PlanTaskEditor({
  task,
  onChange,
  onRemove,
  canRemove,
}: {
  task: CostedTask;
  onChange: (patch: TaskPatch) => void;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const criteria = task.acceptanceCriteria;
  const titleLength = task.title.trim().length;
  const descriptionLength = task.description.trim().length;
  const setCriterion = (index: number, value: string) => onChange({ acceptanceCriteria: criteria.map((c, i) => (i === index ? value : c)) });
  return (
    <li data-testid="plan-task" data-key={task.key} className="grid gap-3 rounded-lg border border-primary/30 bg-background p-3">
      <div className="flex items-center gap-2">
        <TaskKey value={task.key} />
        <RoleBadge role={task.role} />
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
      <div className="text-xs">
        <DependencyChips keys={task.dependsOn} />
      </div>
    </li>
  );
}
