import Link from "next/link";
import type { OperatorOverview } from "@/lib/services/overview";
import { CapacityBarList, CapacityLegend } from "@/components/catalog/capacity-bars";
import { issueKinds } from "@/components/machines/issue-reasons";
import { StackedBarChart } from "@/components/ui/charts";
import { PageHeader } from "@/components/ui/states";
import { ActivityList, Panel, Stat } from "./activity-list";

/**
 * The operator's home: the fleet by state and partition, capacity per partition and size,
 * issues with counts (empty kinds collapse into one line), and the latest audit entries.
 */
export function OperatorHome({ data }: { data: OperatorOverview }) {
  const partitions = [...new Set(data.fleet.map((f) => f.partitionId))].sort();
  const states = [...new Set(data.fleet.map((f) => f.state))].sort();
  const chart = states.map((state) => ({ label: state, ...Object.fromEntries(partitions.map((p) => [p, data.fleet.filter((f) => f.state === state && f.partitionId === p).reduce((n, f) => n + f.n, 0)])) }));
  const total = data.fleet.reduce((n, f) => n + f.n, 0);
  const count = (pred: (state: string) => boolean) => data.fleet.filter((f) => pred(f.state)).reduce((n, f) => n + f.n, 0);
  const issues = data.issues.filter((i) => i.count > 0);
  const issueTotal = issues.reduce((n, i) => n + i.count, 0);
  const summary = `${total} ${total === 1 ? "machine" : "machines"}: ${states.map((s) => `${count((x) => x === s)} ${s}`).join(", ")}`;
  return (
    <>
      <PageHeader title="Overview" description="The fleet at a glance: what runs, what waits, what needs a hand." />
      <div className="mb-4 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Machines" value={total} href="/admin/machines" />
        <Stat label="Running (Phoned Home)" value={count((s) => s === "Phoned Home")} href="/admin/machines?state=Phoned+Home" />
        <Stat label="Waiting in the pool" value={count((s) => s === "Waiting")} href="/admin/machines?state=Waiting" />
        <Stat label="Machine issues" value={issueTotal} href="/admin/machines/issues" tone="red" />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Panel title="Fleet by state and partition" className="lg:col-span-2" testId="fleet-chart">
          {total === 0 ? <p className="text-sm text-slate-600">No machine has registered yet. Machines appear when they PXE-boot in a partition.</p> : (
            <>
              <StackedBarChart data={chart} series={partitions.map((p) => ({ key: p, label: p }))} summary={summary} />
              <p className="mt-2 text-xs text-slate-600">{summary}.</p>
            </>
          )}
        </Panel>
        <Panel title="Issues" testId="issues-summary">
          {issues.length === 0 ? <p className="text-sm text-green-800">No machine issues.</p> : (
            <ul className="grid gap-1.5 text-sm">
              {issues.map((i) => (
                <li key={i.issue} className="flex items-center justify-between gap-2">
                  <Link href={`/admin/machines?issue=${i.issue}`} className="text-brand-700 hover:underline">{issueKinds.find((k) => k.issue === i.issue)?.title ?? i.issue}</Link>
                  <span className="rounded-full bg-red-100 px-2 text-xs font-medium text-red-800">{i.count}</span>
                </li>
              ))}
            </ul>
          )}
          {issues.length < data.issues.length && <p className="mt-2 text-xs text-slate-600">{data.issues.length - issues.length} other kinds of issue: none.</p>}
        </Panel>
        <Panel title="Capacity per partition and size" className="lg:col-span-2" testId="capacity-overview">
          <CapacityLegend />
          <div className="grid gap-5">
            {data.capacity.map((c) => (
              <div key={c.partitionId}>
                <h3 className="mb-2 text-sm font-semibold"><Link href={`/admin/partitions/${c.partitionId}`} className="text-brand-700 hover:underline">{c.name}</Link></h3>
                {c.sizes.length === 0 ? <p className="text-sm text-slate-600">No machines yet.</p> : <CapacityBarList sizes={c.sizes} />}
              </div>
            ))}
          </div>
        </Panel>
        <Panel title="Recent activity">
          <ActivityList items={data.activity} link="/admin/audit" />
        </Panel>
      </div>
    </>
  );
}
