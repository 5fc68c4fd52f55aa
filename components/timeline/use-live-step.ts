"use client";

import * as React from "react";
import type { LiveEvent, StepDelta } from "@/lib/events";
import { useStepDeltas } from "@/lib/realtime/use-live-events";

/** The step an agent is writing right now, from its live deltas (never stored). */
export type LiveStepState = {
  runId: string;
  step: number;
  text: string;
  tools: { toolCallId: string; toolName: string; input: string }[];
  /** The first piece seen was not the step's first (the page opened mid-step): the start is missing. */
  partialStart: boolean;
};

type Done = { runId: string | null; step: number; at: number };

/** A late delta of a stored step may still be in flight this long after the step's stored event. */
const LATE_MS = 2_000;

/** Folds one delta into the step in progress (a new step or run replaces it; a reset empties it). */
export function applyDelta(prev: LiveStepState | null, d: StepDelta): LiveStepState {
  const same = prev && prev.runId === d.runId && prev.step === d.step;
  const base: LiveStepState = same && !d.reset ? prev : { runId: d.runId, step: d.step, text: "", tools: [], partialStart: !same && !d.reset && d.n > 1 };
  const tools = base.tools.map((t) => ({ ...t }));
  for (const piece of d.tools ?? []) {
    const t = tools.find((x) => x.toolCallId === piece.toolCallId);
    if (t) t.input += piece.input;
    else tools.push({ ...piece });
  }
  return { ...base, text: base.text + (d.text ?? ""), tools };
}

/**
 * The in-progress step of one task: deltas of its project room fold into it; the step's stored events
 * (text, tool call) or the end of the run replace it, and late deltas of a stored step are ignored.
 * `onEvent` is fed the task's stored events by the timeline.
 */
export function useLiveStep(projectId: string, taskId: string): { live: LiveStepState | null; onEvent: (e: LiveEvent) => void } {
  const [live, setLive] = React.useState<LiveStepState | null>(null);
  const done = React.useRef<Done>({ runId: null, step: 0, at: 0 });
  const lastRun = React.useRef<string | null>(null);

  useStepDeltas(`project:${projectId}`, (d) => {
    if (d.taskId !== taskId) return;
    // A delta sent after its step was stored (the last batch races the commit) must not bring it back;
    // that includes the first step of a run whose deltas had not been seen yet.
    const { runId, step, at } = done.current;
    if (d.step <= step && (runId === d.runId || (Date.now() - at < LATE_MS && lastRun.current !== d.runId))) return;
    lastRun.current = d.runId;
    setLive((prev) => applyDelta(prev, d));
  });

  const onEvent = React.useCallback((e: LiveEvent) => {
    const p = (e.payload ?? {}) as { step?: unknown; status?: unknown };
    if ((e.type === "agent.text" || e.type === "agent.tool_call") && typeof p.step === "number") {
      const step = p.step;
      done.current = { runId: lastRun.current, step: Math.max(step, done.current.runId === lastRun.current ? done.current.step : 0), at: Date.now() };
      setLive((prev) => (prev && prev.step <= step ? null : prev));
    } else if (e.type === "task.status" && p.status !== "running") {
      setLive(null);
    }
  }, []);

  return { live, onEvent };
}
