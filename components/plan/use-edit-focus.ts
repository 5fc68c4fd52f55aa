"use client";

import * as React from "react";

/**
 * Keeps keyboard focus where the person is while a plan switches in and out of edit mode. Pressing Edit
 * grows the task list into editors and left focus on the footer's button (now "Save without approving"),
 * pushed far below the screen; instead focus moves to the first task's title on entering edit mode, to a
 * task that was just added, and back to the Edit button on leaving. Each move scrolls only as far as needed
 * to show the field (block: nearest), never re-centring the page.
 */
export function useEditFocus(card: React.RefObject<HTMLElement | null>, editing: boolean, taskCount: number): void {
  const was = React.useRef({ editing, taskCount });
  React.useEffect(() => {
    const before = was.current;
    was.current = { editing, taskCount };
    const root = card.current;
    if (!root) return;
    const titles = () => root.querySelectorAll<HTMLElement>('[data-testid="plan-task-title"]');
    if (editing && !before.editing) show(titles()[0]);
    else if (editing && taskCount > before.taskCount) show(titles()[taskCount - 1]);
    // React reuses the footer's buttons in place, so without this the focus left on "Discard changes" would
    // now sit on "Cancel" (the plan's cancel, a destructive action one Enter away).
    else if (!editing && before.editing) show(root.querySelector<HTMLElement>('[data-testid="plan-edit"]'));
  }, [card, editing, taskCount]);
}

function show(el: HTMLElement | null | undefined): void {
  if (!el) return;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "nearest", inline: "nearest" });
}
