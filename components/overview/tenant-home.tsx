import Link from "next/link";
import type { ProjectOverview } from "@/lib/services/overview";
import { tenantStateWord } from "@/lib/domain/lifecycle/state-words";
import { primaryButton } from "@/components/ui/buttons";
import { StackedBarChart, UsageMeter } from "@/components/ui/charts";
import { EmptyState, PageHeader } from "@/components/ui/states";
import { ActivityList, Panel, Stat } from "./activity-list";

/**
 * A tenant's home: the current project's machines by state, how much of its quotas it uses,
 * and what happened in it lately; the next actions are one click away.
 */
export function TenantHome({ data, label, canWrite }: { data: ProjectOverview; label: string; canWrite: boolean }) {
  const byWord = new Map<string, number>();
  for (const s of data.byState) byWord.set(tenantStateWord(s.state), (byWord.get(tenantStateWord(s.state)) ?? 0) + s.n);
  const chart = [...byWord].sort((a, b) => b[1] - a[1]).map(([word, n]) => ({ label: word, machines: n }));
  const total = chart.reduce((n, c) => n + c.machines, 0);
  const summary = `${total} ${total === 1 ? "machine" : "machines"}: ${chart.map((c) => `${c.machines} ${c.label}`).join(", ")}`;
  return (
    <>
      <PageHeader
        title="Overview"
        description={`Project ${label}.`}
        actions={canWrite && (
          <Link href="/machines/new" className={primaryButton}>Allocate machine</Link>
        )}
      />
      <div className="mb-4 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Machines" value={total} href="/machines" />
        <Stat label="Running" value={byWord.get("Running") ?? 0} href="/machines?state=Phoned+Home" />
        {data.usage.filter((u) => u.kind !== "Machines").map((u) => <Stat key={u.kind} label={u.kind} value={u.used} href={u.kind === "IPs" ? "/ips" : "/networks"} />)}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Panel title="Machines by state" className="lg:col-span-2" testId="state-chart">
          {total === 0 ? (
            <EmptyState title="No machines yet" body={canWrite ? "Allocate one: a waiting machine is installed with your image in seconds." : "Editors and owners of this project can allocate machines."}
              action={canWrite && <Link href="/machines/new" className={primaryButton}>Allocate machine</Link>} />
          ) : (
            <>
              <StackedBarChart data={chart} series={[{ key: "machines", label: "Machines" }]} summary={summary} height={180} />
              <p className="mt-2 text-xs text-slate-600">{summary}.</p>
            </>
          )}
        </Panel>
        <Panel title="Quota usage" testId="quota-usage">
          <div className="grid gap-4">{data.usage.map((u) => <UsageMeter key={u.kind} label={u.kind} used={u.used} quota={u.quota} />)}</div>
        </Panel>
        <Panel title="Recent activity in this project" className="lg:col-span-3">
          <ActivityList items={data.activity} />
        </Panel>
      </div>
    </>
  );
}
