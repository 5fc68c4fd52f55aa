"use client";

import * as React from "react";
import { useMutation } from "@tanstack/react-query";
import { Radio, Send } from "lucide-react";
import { toast } from "sonner";
import type { LiveEvent } from "@/lib/events";
import { useConnectionState, useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage, formatMs, formatTime } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useNow } from "@/components/activity/use-now";

const STALL_MS = 10_000;

type Pong = { id: string; jobId: string; message: string; worker: string; enqueuedAt: string; handledAt: string; receivedAt: number };

function asPong(e: LiveEvent): Pong | null {
  const p = e.payload as Partial<Record<keyof Pong, unknown>> | null;
  if (!p || typeof p.jobId !== "string" || typeof p.enqueuedAt !== "string" || typeof p.handledAt !== "string") return null;
  return {
    id: e.id,
    jobId: p.jobId,
    message: typeof p.message === "string" ? p.message : "",
    worker: typeof p.worker === "string" ? p.worker : "worker",
    enqueuedAt: p.enqueuedAt,
    handledAt: p.handledAt,
    receivedAt: Date.now(),
  };
}

/** Sends a real job through the queue and shows the worker's answer arriving over the live channel. */
export function QueueRoundtrip() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const connection = useConnectionState();
  const [message, setMessage] = React.useState("hello from the admin page");
  const [pongs, setPongs] = React.useState<Pong[]>([]);
  const [sent, setSent] = React.useState<{ jobId: string; at: number }[]>([]);
  const now = useNow(1000);

  const ping = useMutation(
    trpc.diagnostics.ping.mutationOptions({
      onSuccess: ({ jobId }) => setSent((prev) => [...prev, { jobId, at: Date.now() }]),
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  // Derived, not tracked: the reply can arrive before the mutation's own response does.
  const waiting = sent.filter((s) => !pongs.some((p) => p.jobId === s.jobId));
  const stalled = waiting.some((s) => now - s.at > STALL_MS);

  useLiveEvents(`org:${orgId}`, (event) => {
    if (event.type !== "diagnostics.pong") return;
    const pong = asPong(event);
    if (!pong) return;
    setPongs((prev) => (prev.some((p) => p.id === pong.id) ? prev : [pong, ...prev].slice(0, 20)));
  });

  return (
    <Card>
      <CardHeader>
        <div className="flex items-start justify-between gap-3">
          <div className="grid gap-1">
            <CardTitle>Queue round-trip</CardTitle>
            <CardDescription>
              Enqueues a real job. A worker handles it and publishes an event back to this page over the live connection.
            </CardDescription>
          </div>
          <Badge variant={connection === "live" ? "success" : connection === "connecting" ? "warning" : "destructive"}>
            {connection === "live" ? "Live" : connection === "connecting" ? "Connecting" : "Offline"}
          </Badge>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form
          className="flex flex-col gap-2 sm:flex-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (!message.trim()) return toast.error("Type a message to send.");
            ping.mutate({ orgId, message: message.trim() });
          }}
        >
          <Input
            aria-label="Test message"
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            maxLength={200}
            data-testid="diagnostics-message"
            className="sm:flex-1"
          />
          <Button type="submit" loading={ping.isPending} data-testid="diagnostics-send">
            {!ping.isPending && <Send />}
            Send test job
          </Button>
        </form>

        {waiting.length > 0 && (
          <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status" data-testid="diagnostics-waiting">
            <Spinner className="size-3.5" label="Waiting" />
            {stalled
              ? "No reply yet. The worker may be stopped or busy: check the Job queue card above and the server logs."
              : `Waiting for ${waiting.length === 1 ? "the worker" : `${waiting.length} jobs`}…`}
          </p>
        )}

        <ol className="grid gap-2" data-testid="diagnostics-events" aria-label="Worker replies" aria-live="polite">
          {pongs.length === 0 && waiting.length === 0 && (
            <li className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">
              Replies appear here. Send a test job to check the queue, the worker and live updates end to end.
            </li>
          )}
          {pongs.map((p) => {
            const roundTrip = Date.parse(p.handledAt) - Date.parse(p.enqueuedAt);
            return (
              <li key={p.id} data-testid="diagnostics-event" data-job-id={p.jobId} className="flex animate-in items-center gap-3 rounded-lg border bg-muted/30 px-3 py-2.5">
                <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-success/15 text-success">
                  <Radio className="size-3.5" aria-hidden />
                </span>
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <p className="truncate text-sm">“{p.message}”</p>
                  <p className="truncate text-xs text-muted-foreground">
                    Handled by <span className="font-mono">{p.worker}</span> at {formatTime(p.handledAt)}
                  </p>
                </div>
                <Badge variant="secondary" className="font-mono tabular-nums" data-testid="diagnostics-roundtrip" title="Handled at minus enqueued at">
                  {formatMs(roundTrip)}
                </Badge>
              </li>
            );
          })}
        </ol>
      </CardContent>
    </Card>
  );
}
