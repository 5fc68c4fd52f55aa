"use client";

import { Check, GitBranch } from "lucide-react";
import type { CostedTask } from "@/lib/plan";
import { cn } from "@/lib/utils";
import { MAX_DEPENDENCIES } from "./plan-edit";

/**
 * Which tasks this one waits for: every other task of the plan as a toggle. A choice that would close a
 * loop is still allowed here and named in the plan's problems, so the person sees why it cannot be saved.
 */
export function PlanDependencyPicker({
  task,
  tasks,
  onChange,
}: {
  task: Pick<CostedTask, "key" | "title" | "dependsOn">;
  tasks: Pick<CostedTask, "key" | "title">[];
  onChange: (dependsOn: string[]) => void;
}) {
  const others = tasks.filter((t) => t.key !== task.key);
  // Dependencies on tasks outside this plan (a change waiting for the project's tasks) stay as they are.
  const outside = task.dependsOn.filter((d) => !tasks.some((t) => t.key === d));
  const full = task.dependsOn.length >= MAX_DEPENDENCIES;
  const toggle = (key: string) =>
    onChange(task.dependsOn.includes(key) ? task.dependsOn.filter((d) => d !== key) : [...task.dependsOn, key]);
  return (
    <fieldset className="grid gap-1.5" data-testid="plan-task-deps">
      <legend className="mb-1.5 flex items-center gap-1.5 text-sm font-medium">
        <GitBranch className="size-3.5 text-muted-foreground" aria-hidden />
        Starts after
      </legend>
      {others.length === 0 ? (
        <p className="text-xs text-muted-foreground">No other tasks: this one starts right away.</p>
      ) : (
        <div className="flex flex-wrap gap-1.5">
          {others.map((t) => {
            const on = task.dependsOn.includes(t.key);
            return (
              <button
                key={t.key}
                type="button"
                aria-pressed={on}
                disabled={!on && full}
                onClick={() => toggle(t.key)}
                title={t.key}
                data-testid="plan-task-dep-toggle"
                data-key={t.key}
                className={cn(
                  "inline-flex max-w-full min-w-0 items-center gap-1 rounded-full border px-2.5 py-1 text-xs outline-none transition-colors focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50",
                  on ? "border-primary bg-primary/10 font-medium text-foreground" : "bg-background text-muted-foreground hover:bg-accent",
                )}
              >
                {on && <Check className="size-3 shrink-0" aria-hidden />}
                <span className="truncate">{t.title.trim() || t.key}</span>
              </button>
            );
          })}
        </div>
      )}
      {outside.length > 0 && <p className="text-xs text-muted-foreground">Also after the project’s {outside.join(", ")}.</p>}
      {task.dependsOn.length === 0 && others.length > 0 && <p className="text-xs text-muted-foreground">Starts right away.</p>}
    </fieldset>
  );
}
