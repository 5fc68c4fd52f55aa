"use client";

import * as React from "react";
import { Bot, ChevronDown, Cpu, Pencil } from "lucide-react";
import { cn } from "@/lib/utils";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { roleLabel } from "./role-label";
import { tierLabel, type Agent } from "./agent-types";
import { AgentWorking } from "./agent-working";

export function AgentCard({ agent, modelLabel, onEdit }: { agent: Agent; modelLabel?: string; onEdit?: () => void }) {
  const [open, setOpen] = React.useState(false);
  const instructionsId = React.useId();
  return (
    <Card className={cn("flex h-full flex-col gap-3 p-4", !agent.enabled && "opacity-75")} data-testid="agent-card" data-role={agent.role}>
      <div className="flex items-start gap-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-primary/10 text-primary">
          <Bot className="size-4.5" aria-hidden />
        </span>
        <div className="grid min-w-0 flex-1 gap-0.5">
          <h3 className="truncate font-medium">{agent.name}</h3>
          <p className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
            {roleLabel(agent.role) !== agent.name && roleLabel(agent.role)}
            <code className="rounded bg-muted px-1 font-mono text-[11px]">{agent.role}</code>
            {!agent.isDefault && <Badge variant="outline">Custom</Badge>}
            {!agent.enabled && <Badge variant="muted">Disabled</Badge>}
          </p>
        </div>
        {onEdit && (
          <Button variant="ghost" size="icon-sm" onClick={onEdit} aria-label={`Edit ${agent.name}`} data-testid="agent-edit">
            <Pencil />
          </Button>
        )}
      </div>

      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge variant="secondary">{tierLabel(agent.modelTier)} tier</Badge>
        <span className="flex min-w-0 items-center gap-1 text-muted-foreground" title="The model this tier uses">
          <Cpu className="size-3.5 shrink-0" aria-hidden />
          <span className="truncate">{modelLabel ?? "…"}</span>
        </span>
      </div>

      <AgentWorking agent={agent} />

      <div className="grid gap-1">
        <p id={instructionsId} className={cn("text-sm whitespace-pre-wrap text-muted-foreground", !open && "line-clamp-2")}>
          {agent.instructions}
        </p>
        <button
          type="button"
          onClick={() => setOpen((v) => !v)}
          aria-expanded={open}
          aria-controls={instructionsId}
          className="inline-flex w-fit items-center gap-1 rounded-sm text-xs font-medium text-primary outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
        >
          <ChevronDown className={cn("size-3.5 transition-transform", open && "rotate-180")} aria-hidden />
          {open ? "Less" : "Instructions"}
        </button>
      </div>

      <div className="mt-auto flex flex-wrap gap-1 border-t pt-3" aria-label="Tools">
        {agent.tools.length === 0 ? (
          <span className="text-xs text-muted-foreground">No tools</span>
        ) : (
          agent.tools.map((t) => (
            <Badge key={t} variant="outline" className="font-mono text-[11px] font-normal">
              {t}
            </Badge>
          ))
        )}
      </div>
    </Card>
  );
}
