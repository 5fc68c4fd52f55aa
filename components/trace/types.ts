import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type CallTrace = inferRouterOutputs<AppRouter>["trace"]["projectCall"];

/** Where a trace is read from: a project (anyone who sees it) or the org's usage panel. */
export type TraceSource = { projectId: string } | { orgId: string };

export type TraceMessage = { role?: string; content?: unknown };
export type TracePart = { type?: string; text?: string; toolName?: string; toolCallId?: string; input?: unknown; output?: unknown; [k: string]: unknown };
