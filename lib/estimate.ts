// Time estimates as people read them. The offline demo model answers at once, so its plans take seconds,
// not the minutes a planner guesses for real models; those estimates say so ("offline demo: about 20 seconds").

/**
 * Minutes one task takes on the offline demo model: a few scripted steps plus running node:test in the
 * sandbox (measured: the 6-task stock-prices demo ran in about 18 s, its longest chain being 5 tasks).
 */
export const OFFLINE_TASK_MINUTES = 0.06;

/** "about 45 minutes", "about 1 h 20 min", "about 20 seconds". */
export function formatDuration(minutes: number): string {
  const m = Math.max(0, minutes);
  if (m < 1) {
    const s = Math.max(5, Math.round((m * 60) / 5) * 5);
    return `about ${s} seconds`;
  }
  const whole = Math.round(m);
  if (whole < 60) return `about ${whole} ${whole === 1 ? "minute" : "minutes"}`;
  const h = Math.floor(whole / 60);
  const rest = whole % 60;
  return `about ${h} h${rest ? ` ${rest} min` : ""}`;
}

/** A plan's or task's estimate, labelled when it was made for the offline demo model. */
export function formatEstimate(minutes: number, offline: boolean): string {
  return offline ? `offline demo: ${formatDuration(minutes)}` : formatDuration(minutes);
}
