import "server-only";
import { z } from "zod";

// Every job the system runs: payload schema (ids and small values only), retries, timeout.
export type JobSpec = {
  payload: z.ZodType;
  retryLimit: number;
  retryDelaySeconds: number;
  expireInSeconds: number;
};

export const JOBS = {
  "diagnostics.ping": {
    payload: z.object({ orgId: z.string(), message: z.string().max(200), enqueuedAt: z.string() }),
    retryLimit: 2,
    retryDelaySeconds: 1,
    expireInSeconds: 60,
  },
  // Runs carry their own recovery (heartbeat + reaper, compare-and-set claims): no queue retries.
  "run.execute": {
    payload: z.object({ runId: z.string() }),
    retryLimit: 0,
    retryDelaySeconds: 1,
    expireInSeconds: 60 * 60,
  },
} satisfies Record<string, JobSpec>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
export type JobHandler<N extends JobName> = (payload: JobPayload<N>, job: { id: string; name: N }) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
