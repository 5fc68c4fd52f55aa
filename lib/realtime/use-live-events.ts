"use client";
import { useEffect, useRef, useSyncExternalStore } from "react";
import type { LiveEvent } from "@/lib/events";
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

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (fn) => liveClient().onState(fn),
    () => liveClient().getState(),
    () => "connecting",
  );
}
