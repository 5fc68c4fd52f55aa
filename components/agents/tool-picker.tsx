"use client";

import { Checkbox } from "radix-ui";
import { Check } from "lucide-react";
import { AGENT_TOOL_NAMES, AGENT_TOOLS, type AgentToolName } from "@/lib/agent-tools";

/** Every agent tool with what it does; checked ones are the agent's. */
export function ToolPicker({ value, onChange }: { value: string[]; onChange: (tools: string[]) => void }) {
  const toggle = (name: AgentToolName, on: boolean) =>
    onChange(on ? AGENT_TOOL_NAMES.filter((n) => n === name || value.includes(n)) : value.filter((n) => n !== name));
  return (
    <fieldset className="grid gap-1.5">
      <legend className="mb-1.5 text-sm font-medium">Tools</legend>
      <ul className="grid gap-1 rounded-lg border p-1.5 sm:grid-cols-2" data-testid="agent-tools">
        {AGENT_TOOL_NAMES.map((name) => {
          const id = `tool-${name}`;
          const checked = value.includes(name);
          return (
            <li key={name}>
              <label htmlFor={id} className="flex cursor-pointer items-start gap-2.5 rounded-md px-2 py-1.5 hover:bg-muted/60">
                <Checkbox.Root
                  id={id}
                  checked={checked}
                  onCheckedChange={(next) => toggle(name, next === true)}
                  data-testid="agent-tool"
                  data-tool={name}
                  className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-[4px] border border-input shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring data-[state=checked]:border-primary data-[state=checked]:bg-primary data-[state=checked]:text-primary-foreground"
                >
                  <Checkbox.Indicator>
                    <Check className="size-3" strokeWidth={3} />
                  </Checkbox.Indicator>
                </Checkbox.Root>
                <span className="grid gap-0.5">
                  <code className="font-mono text-xs font-medium">{name}</code>
                  <span className="text-xs text-muted-foreground">{AGENT_TOOLS[name].description}</span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
