import "server-only";
import { handlePing } from "@/server/diagnostics";
import { startWorkers, type JobHandlers } from "@/server/queue";

// The job catalog's handlers, registered in processes that run the worker role.
const handlers: JobHandlers = {
  "diagnostics.ping": handlePing,
};

export function startJobWorkers(): Promise<void> {
  return startWorkers(handlers);
}
