import type { StreamDelta } from "../gateway-types";

// Once a caller has shown streamed text, a retry or fallback would show a second, different answer
// after it: the gateway must fail that call instead. This wrapper tells it whether anything went out.

export type DeltaGuard = { onDelta?: (d: StreamDelta) => void; emitted(): boolean };

export function guardDeltas(onDelta: ((d: StreamDelta) => void) | undefined): DeltaGuard {
  let sent = false;
  if (!onDelta) return { emitted: () => false };
  return {
    onDelta: (d) => {
      sent = true;
      onDelta(d);
    },
    emitted: () => sent,
  };
}
