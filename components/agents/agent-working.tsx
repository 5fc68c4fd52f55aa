import Link from "next/link";
import type { Agent } from "./agent-types";

/** "Working on <task> in <project>" (live), or "Idle". */
export function AgentWorking({ agent }: { agent: Agent }) {
  if (agent.working.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="agent-working" data-state="idle">
        <span className="size-2 rounded-full bg-muted-foreground/40" aria-hidden />
        {agent.enabled ? "Idle" : "Disabled"}
      </p>
    );
  }
  return (
    <ul className="grid gap-1 text-sm" data-testid="agent-working" data-state="working">
      {agent.working.map((w) => (
        <li key={`${w.projectId}:${w.taskKey}`} className="flex items-start gap-2">
          <span className="relative mt-1.5 flex size-2 shrink-0" aria-hidden>
            <span className="absolute inline-flex size-full animate-ping rounded-full bg-success opacity-60" />
            <span className="relative inline-flex size-2 rounded-full bg-success" />
          </span>
          <span className="min-w-0 [overflow-wrap:anywhere]">
            Working on <span className="font-medium">{w.taskTitle}</span> in{" "}
            <Link href={`/projects/${w.projectId}`} className="font-medium text-primary underline-offset-4 hover:underline">
              {w.projectName}
            </Link>
          </span>
        </li>
      ))}
    </ul>
  );
}
