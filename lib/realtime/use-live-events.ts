"use client";
import { useEffect, useRef, useSyncExternalStore } from "react";
import type { LiveEvent, StepDelta } from "@/lib/events";
import { liveClient, type ConnectionState } from "./live-client";

/** Calls `onEvent` for each new event of `room` (`org:<id>` or `project:<id>`); null pauses. */
export function useLiveEvents(room: string | null, onEvent: (e: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    if (!room) return;
    return liveClient().subscribe(room, (e) => handler.current(e));
  }, [room]);
}

/** Calls `onDelta` for each live piece of an agent step in `room` (`project:<id>`); null pauses. */
export function useStepDeltas(room: string | null, onDelta: (d: StepDelta) => void): void {
  const handler = useRef(onDelta);
  useEffect(() => {
    handler.current = onDelta;
  });
  useEffect(() => {
    if (!room) return;
    return liveClient().subscribeDeltas(room, (d) => handler.current(d));
  }, [room]);
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (fn) => liveClient().onState(fn),
    () => liveClient().getState(),
    () => "connecting",
  );
}
