"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";
import { fieldBase } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import type { CallFilter } from "./types";
import type { UsageSource } from "./usage-source";

/** What a person can search the calls by, on top of the number they opened. */
export type CallSearch = Pick<CallFilter, "projectId" | "taskId" | "model" | "status">;

const field = cn(fieldBase, "h-8 py-0 text-xs");

/** Project (org panel only), task, model and outcome; "" in a select means any. */
export function CallsFilters({ source, value, onChange }: { source: UsageSource; value: CallSearch; onChange: (next: CallSearch) => void }) {
  const trpc = useTRPC();
  const projectId = source.projectId ?? value.projectId;
  const projects = useQuery({ ...trpc.projects.list.queryOptions({ orgId: source.orgId ?? "" }), enabled: !source.projectId });
  const project = useQuery({ ...trpc.projects.get.queryOptions({ projectId: projectId ?? "" }), enabled: Boolean(projectId) });
  const [model, setModel] = React.useState(value.model ?? "");
  const set = (patch: Partial<CallSearch>) => onChange({ ...value, ...patch });
  const applyModel = () => set({ model: model.trim() || undefined });
  return (
    <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap sm:items-center" data-testid="calls-filters">
      {!source.projectId && (
        <select className={cn(field, "sm:w-44")} aria-label="Project" value={value.projectId ?? ""} onChange={(e) => set({ projectId: e.target.value || undefined, taskId: undefined })}>
          <option value="">All projects</option>
          {projects.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      <select className={cn(field, "sm:w-52")} aria-label="Task" value={value.taskId ?? ""} disabled={!projectId} onChange={(e) => set({ taskId: e.target.value || undefined })}>
        <option value="">{projectId ? "All tasks" : "Pick a project for tasks"}</option>
        {project.data?.tasks.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
      <input
        className={cn(field, "sm:w-52")}
        aria-label="Model"
        placeholder="Model, e.g. gpt-4o-mini"
        maxLength={200}
        value={model}
        onChange={(e) => setModel(e.target.value)}
        onBlur={applyModel}
        onKeyDown={(e) => e.key === "Enter" && applyModel()}
      />
      <select className={cn(field, "sm:w-32")} aria-label="Outcome" value={value.status ?? ""} onChange={(e) => set({ status: (e.target.value || undefined) as CallSearch["status"] })}>
        <option value="">Any outcome</option>
        <option value="ok">OK</option>
        <option value="failed">Failed</option>
      </select>
    </div>
  );
}
