import "server-only";

export { JOBS, type JobName, type JobPayload, type JobHandlers } from "./catalog";
export { enqueue, getBoss, startWorkers, stopQueue, queueHealthy, workerId } from "./boss";
