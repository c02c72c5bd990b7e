import type { NetworkDto } from "@/lib/contracts/networks";
import { formatCount, usageFigures, usageSummary } from "./usage";

type PrefixUsage = NetworkDto["prefixes"][number];

/** A prefix with a bar of its acquired IPs against all usable ones (the exact counts on hover). */
export function PrefixUsageBar({ prefix }: { prefix: PrefixUsage }) {
  const summary = usageSummary(prefix);
  const u = usageFigures(prefix);
  const parent = prefix.childPrefixes > 0;
  // A sliver stays visible as soon as one address is taken, even in an IPv6 /64.
  const width = u.acquired > 0n ? Math.max(u.percent, 1) : 0;
  const bar = u.percent >= 90 ? "bg-red-500" : u.percent >= 70 ? "bg-amber-500" : "bg-brand-600";
  return (
    <div className="min-w-48" data-testid="prefix-usage">
      <div className="flex items-baseline justify-between gap-3">
        <span className="font-mono text-sm">{prefix.cidr}</span>
        <span className="text-xs text-slate-500">IPv{prefix.family}</span>
      </div>
      <div
        role="meter"
        aria-label={`${prefix.cidr}: ${summary}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={parent ? 0 : u.percent}
        title={parent ? summary : `${formatCount(u.acquired)} used of ${formatCount(u.total)} usable`}
        className={`mt-1 h-2 w-full overflow-hidden rounded ${parent ? "bg-violet-100" : "bg-slate-100"}`}
      >
        {!parent && <div className={`h-full ${bar}`} style={{ width: `${width}%` }} />}
      </div>
      <p className="mt-0.5 text-xs text-slate-600" aria-hidden>{summary}</p>
    </div>
  );
}
