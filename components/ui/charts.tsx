"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/*
 * Charts on recharts, for numbers that compare (machines per state and partition). Colours are
 * the theme's CSS variables, so dark mode needs nothing extra. Every chart carries a text
 * summary for screen readers, and pages show the numbers beside it: nothing is only in the
 * picture or only in a tooltip.
 */
const palette = [1, 2, 3, 4, 5, 6].map((i) => `var(--chart-${i})`);

export function StackedBarChart({ data, series, summary, height = 220 }: {
  /** One entry per bar: its label and a number per series key. */
  data: Record<string, string | number>[];
  series: { key: string; label: string }[];
  summary: string;
  height?: number;
}) {
  return (
    <div role="img" aria-label={summary} className="text-xs" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: -16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-slate-200)" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: "var(--color-slate-600)" }} interval={0} tickLine={false} />
          <YAxis allowDecimals={false} tick={{ fill: "var(--color-slate-600)" }} tickLine={false} axisLine={false} />
          <Tooltip cursor={{ fill: "var(--color-slate-100)" }} contentStyle={{ background: "var(--color-slate-50)", borderColor: "var(--color-slate-200)", color: "var(--color-slate-900)" }} />
          {series.length > 1 && <Legend wrapperStyle={{ color: "var(--color-slate-600)" }} />}
          {series.map((s, i) => <Bar key={s.key} dataKey={s.key} name={s.label} stackId="a" fill={palette[i % palette.length]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A labelled usage bar against a quota ("7 of 10"), or just the count when there is no quota. */
export function UsageMeter({ label, used, quota }: { label: string; used: number; quota: number | null }) {
  const pct = quota ? Math.min(100, Math.round((used / quota) * 100)) : null;
  const tone = pct === null ? "" : pct >= 90 ? "bg-red-500" : pct >= 70 ? "bg-amber-500" : "bg-brand-600";
  return (
    <div data-testid="usage-meter">
      <div className="flex justify-between text-sm"><span className="font-medium">{label}</span><span className="text-slate-600">{quota === null ? `${used} (no quota)` : `${used} of ${quota}`}</span></div>
      {/* Without a quota there is nothing to fill: the number says it all. */}
      {quota !== null && (
        <div className="mt-1 h-2 overflow-hidden rounded bg-slate-100" role="meter" aria-label={`${label} used`} aria-valuemin={0} aria-valuemax={quota} aria-valuenow={used}>
          <div className={`h-full ${tone}`} style={{ width: `${pct}%` }} />
        </div>
      )}
    </div>
  );
}

/**
 * A small trend line without axes (e.g. power draw over 24 h). The caller prints the numbers
 * beside it; `summary` is the screen readers' version.
 */
export function Sparkline({ values, summary, width = 160, height = 36 }: { values: number[]; summary: string; width?: number; height?: number }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <div role="img" aria-label={summary} data-testid="sparkline" style={{ width, height }}>
      <LineChart width={width} height={height} data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }} accessibilityLayer={false}>
        <YAxis hide domain={["dataMin - 5", "dataMax + 5"]} />
        <Line type="monotone" dataKey="v" stroke="var(--chart-1)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
    </div>
  );
}
