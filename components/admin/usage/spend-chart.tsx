"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd } from "@/components/projects/format-usage";
import { bucketLabel, COLORS } from "./range";
import { OTHER_KEY, type UsageSeries } from "./types";

/** Spend per bucket, stacked by the grouping's top keys. Clicking a segment opens its calls. */
export function SpendChart({
  series,
  onSelect,
  height = 300,
}: {
  series: UsageSeries;
  onSelect: (bucket: string, key: string, label: string) => void;
  height?: number;
}) {
  const data = series.points.map((p) => ({ bucket: p.bucket, label: bucketLabel(p.bucket, series.bucket), ...p.byKey }));
  return (
    <div style={{ height }} data-testid="usage-spend-chart" role="img" aria-label={`Spend per ${series.bucket}, stacked by ${series.groupBy}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-border" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={12} minTickGap={12} />
          <YAxis tickFormatter={(v: number) => formatUsd(v)} tickLine={false} axisLine={false} fontSize={12} width={64} />
          <Tooltip
            cursor={{ fillOpacity: 0.08 }}
            formatter={(v, name) => [formatUsd(Number(v)), name]}
            contentStyle={{ borderRadius: 8, fontSize: 12, background: "var(--popover)", color: "var(--popover-foreground)", border: "1px solid var(--border)" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.keys.map((k, i) => (
            <Bar
              key={k.key || "(none)"}
              dataKey={k.key}
              name={k.label}
              stackId="spend"
              fill={k.key === OTHER_KEY ? COLORS[8] : COLORS[i % 8]}
              cursor={k.key === OTHER_KEY ? undefined : "pointer"}
              onClick={(d: { payload?: { bucket?: string } }) => {
                if (k.key !== OTHER_KEY && d.payload?.bucket) onSelect(d.payload.bucket, k.key, k.label);
              }}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
