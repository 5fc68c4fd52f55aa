"use client";

import * as React from "react";
import { useTRPCClient } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { downloadCsv } from "./download-csv";
import type { Bucket, CallFilter, GroupBy } from "./types";

/** Whose usage a panel shows: the whole org (usage:read) or one project (projects:read). */
export type UsageSource = { orgId: string; projectId?: undefined } | { projectId: string; orgId?: undefined };

/** Downloads the CSV of a chart's rows ("calls") or of the chart itself ("series"); reports errors. */
export function useCsvExport(source: UsageSource) {
  const client = useTRPCClient();
  const [busy, setBusy] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const run = React.useCallback(
    async (id: string, input: CallFilter & { kind: "calls" | "series"; bucket?: Bucket; groupBy?: GroupBy }) => {
      setBusy(id);
      setError(null);
      try {
        const out = source.projectId
          ? await client.usage.projectExportCsv.query({ ...input, projectId: source.projectId })
          : await client.usage.exportCsv.query({ ...input, orgId: source.orgId! });
        downloadCsv(out.filename, out.csv);
        if (out.truncated) setError(`Only the newest ${out.maxRows.toLocaleString("en")} calls were exported. Narrow the range for the rest.`);
      } catch (err) {
        setError(errorMessage(err, "The export failed. Please try again."));
      } finally {
        setBusy(null);
      }
    },
    [client, source.orgId, source.projectId],
  );
  return { run, busy, error };
}
