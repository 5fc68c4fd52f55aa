"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTokens } from "@/components/projects/format-usage";
import { bucketLabel } from "./range";
import type { UsageSeries } from "./types";

/** Tokens per bucket: new input, cached input (read from a prompt cache) and output. */
export function TokensChart({ series, height = 220 }: { series: UsageSeries; height?: number }) {
  const data = series.points.map((p) => ({
    label: bucketLabel(p.bucket, series.bucket),
    input: Math.max(0, p.totals.tokensIn - p.totals.tokensCached),
    cached: p.totals.tokensCached,
    output: p.totals.tokensOut,
  }));
  return (
    <div style={{ height }} data-testid="usage-tokens-chart" role="img" aria-label="Tokens per bucket: input, cached input and output">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-border" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={12} minTickGap={12} />
          <YAxis tickFormatter={(v: number) => formatTokens(v)} tickLine={false} axisLine={false} fontSize={12} width={48} />
          <Tooltip
            formatter={(v, name) => [formatTokens(Number(v)), name]}
            contentStyle={{ borderRadius: 8, fontSize: 12, background: "var(--popover)", color: "var(--popover-foreground)", border: "1px solid var(--border)" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area type="monotone" dataKey="input" name="Input" stackId="t" stroke="#6366f1" fill="#6366f1" fillOpacity={0.35} isAnimationActive={false} />
          <Area type="monotone" dataKey="cached" name="Cached input" stackId="t" stroke="#10b981" fill="#10b981" fillOpacity={0.35} isAnimationActive={false} />
          <Area type="monotone" dataKey="output" name="Output" stackId="t" stroke="#f59e0b" fill="#f59e0b" fillOpacity={0.35} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
