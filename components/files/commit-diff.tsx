"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonList } from "@/components/ui/skeleton";
import { DiffViewer } from "./diff-viewer";

/** Loads and shows one commit's diff (diffs of a commit never change: cached for good). */
export function CommitDiff({ projectId, sha }: { projectId: string; sha: string }) {
  const trpc = useTRPC();
  const diff = useQuery({ ...trpc.projects.diff.queryOptions({ projectId, sha }), staleTime: Infinity });
  if (diff.isPending) return <SkeletonList rows={6} label="Loading diff" />;
  if (diff.isError) return <ErrorState title="Couldn't load this diff" error={diff.error} onRetry={() => void diff.refetch()} retrying={diff.isRefetching} />;
  return <DiffViewer diff={diff.data} />;
}
