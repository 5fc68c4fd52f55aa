"use client";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents, StepDelta } from "@/lib/events";

export type ConnectionState = "connecting" | "live" | "offline";
type Listener = (e: LiveEvent) => void;
type DeltaListener = (d: StepDelta) => void;

const SEEN_LIMIT = 5000;

/**
 * One Socket.IO connection per tab. Remembers, per stream, which seqs it has seen: on every
 * (re)connect it re-joins its rooms with the highest seq seen, the server replays what was missed,
 * and copies that arrive twice (live + replay, or org + project room) are dropped.
 */
class LiveClient {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private rooms = new Map<string, Set<Listener>>();
  private deltaListeners = new Map<string, Set<DeltaListener>>();
  private seen = new Map<string, Set<number>>();
  private lastSeq = new Map<string, number>();
  private state: ConnectionState = "connecting";
  private stateListeners = new Set<() => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;

  private ensureSocket() {
    if (this.socket) return this.socket;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: "/socket.io", withCredentials: true });
    socket.on("connect", () => {
      this.setState("live");
      for (const room of this.rooms.keys()) this.join(room);
    });
    socket.on("disconnect", (reason) => {
      this.setState("offline");
      // The server drops sockets whose access changed; reconnecting re-checks the session.
      if (reason === "io server disconnect") this.scheduleReconnect();
    });
    socket.on("connect_error", () => {
      this.setState("offline");
      if (!socket.active) this.scheduleReconnect();
    });
    socket.on("event", (e) => this.deliver(e));
    // Step deltas are ephemeral (no seq): handed on as they come, never counted, deduplicated or replayed.
    socket.on("delta", (d) => {
      for (const fn of this.deltaListeners.get(`project:${d.projectId}`) ?? []) fn(d);
    });
    this.socket = socket;
    return socket;
  }

  private scheduleReconnect() {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.setState("connecting");
      this.socket?.connect();
    }, 2000);
  }

  private join(room: string) {
    const lastSeq = this.lastSeq.get(room);
    this.socket?.emit("join", { room, lastSeq: lastSeq ?? undefined }, () => {});
  }

  private deliver(e: LiveEvent) {
    let seen = this.seen.get(e.stream);
    if (!seen) this.seen.set(e.stream, (seen = new Set()));
    if (seen.has(e.seq)) return;
    seen.add(e.seq);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
    this.lastSeq.set(e.stream, Math.max(this.lastSeq.get(e.stream) ?? 0, e.seq));
    const targets = new Set([e.stream, `org:${e.orgId}`]);
    for (const room of targets) for (const fn of this.rooms.get(room) ?? []) fn(e);
  }

  subscribe(room: string, fn: Listener): () => void {
    const socket = this.ensureSocket();
    let listeners = this.rooms.get(room);
    if (!listeners) {
      this.rooms.set(room, (listeners = new Set()));
      // Start the stream's cursor at "now" on first subscribe: the page loaded current state itself.
      if (socket.connected) this.join(room);
    }
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
      if (listeners.size === 0) {
        this.rooms.delete(room);
        this.socket?.emit("leave", room);
      }
    };
  }

  /** Live pieces of agent steps in a project room (joins the room like subscribe does). */
  subscribeDeltas(room: string, fn: DeltaListener): () => void {
    const leave = this.subscribe(room, () => {});
    let listeners = this.deltaListeners.get(room);
    if (!listeners) this.deltaListeners.set(room, (listeners = new Set()));
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
      if (listeners.size === 0) this.deltaListeners.delete(room);
      leave();
    };
  }

  getState = () => this.state;
  onState = (fn: () => void) => {
    this.stateListeners.add(fn);
    this.ensureSocket();
    return () => this.stateListeners.delete(fn);
  };
  private setState(s: ConnectionState) {
    this.state = s;
    for (const fn of this.stateListeners) fn();
  }

  /** Drop and restore the connection (diagnostics and tests): missed events are replayed. */
  disconnect() {
    this.socket?.disconnect();
  }
  connect() {
    this.socket?.connect();
  }
}

const g = globalThis as { __aiosLive?: LiveClient };
export function liveClient(): LiveClient {
  return (g.__aiosLive ??= new LiveClient());
}
