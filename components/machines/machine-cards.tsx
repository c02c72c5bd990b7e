import type { MachineDto } from "@/lib/contracts/machines";
import { ConditionBadge, LivelinessBadge, StateBadge } from "./badges";
import { Fact, FactsCard } from "./facts";
import { tenantStateMeaning } from "@/lib/domain/lifecycle/state-words";
import { Time } from "@/components/ui/time";
import { CopyValue } from "@/components/ui/copy";
import { hardwareLine } from "./format";

/** State and health: what is it doing, is it alive, and if something is wrong, what. */
export function StatusCard({ machine: m, words = "technical" }: { machine: MachineDto; words?: "tenant" | "technical" }) {
  return (
    <FactsCard title="Status" testId="machine-status">
      <Fact label="State"><StateBadge machine={m} words={words} />{words === "tenant" && tenantStateMeaning(m.state) && <span className="ml-2 text-xs text-slate-600">{tenantStateMeaning(m.state)}</span>}</Fact>
      <Fact label="Liveliness">
        <LivelinessBadge liveliness={m.liveliness} />
        {m.lastEventTime && <span className="ml-2 text-xs text-slate-500">last sign of life <Time iso={m.lastEventTime} show="relative" /></span>}
      </Fact>
      <Fact label="Condition">
        <ConditionBadge condition={m.condition} />
        {m.conditionReason && <span className="ml-2 text-slate-700" data-testid="condition-reason">{m.conditionReason}</span>}
      </Fact>
      {m.failed && <Fact label="Failed"><span className="text-red-800">{m.failed.reason}</span> <span className="text-xs text-slate-500">since <Time iso={m.failed.since} /></span></Fact>}
      {m.crashLoop && <Fact label="Crash loop"><span className="text-red-800">The machine crashed or rebooted unexpectedly; it recovers once it phones home or is reclaimed.</span></Fact>}
      {m.failedReclaim && <Fact label="Failed reclaim"><span className="text-red-800">After a free it booted its old OS instead of the network: check its boot order.</span></Fact>}
      {m.lastError && (
        <Fact label="Last error">
          <span className="font-medium">{m.lastError.event}</span> <span className="text-xs text-slate-500"><Time iso={m.lastError.time} /></span>
          {m.lastError.message && <p className="text-slate-700">{m.lastError.message}</p>}
        </Fact>
      )}
    </FactsCard>
  );
}

/** Where it is and what it is. */
export function HardwareSummaryCard({ machine: m }: { machine: MachineDto }) {
  return (
    <FactsCard title="Hardware">
      <Fact label="Size"><span className="font-mono text-xs">{m.sizeId ?? "matches no size"}</span></Fact>
      <Fact label="Hardware">{hardwareLine(m.hardware)}</Fact>
      <Fact label="Partition">{m.partitionId}</Fact>
      <Fact label="Rack">{m.rack || "—"}</Fact>
      <Fact label="Machine ID"><CopyValue value={m.id} label="Copy machine ID" /></Fact>
    </FactsCard>
  );
}

/** The allocation: how the machine was installed and how to reach it. */
export function AllocationCard({ allocation: a, networkName, projectLabel }: {
  allocation: NonNullable<MachineDto["allocation"]>;
  networkName: (id: string) => string;
  projectLabel?: string;
}) {
  return (
    <FactsCard title="Allocation" testId="machine-allocation">
      <Fact label="Hostname"><span className="font-mono">{a.hostname}</span></Fact>
      {a.name && <Fact label="Name">{a.name}</Fact>}
      {a.description && <Fact label="Description">{a.description}</Fact>}
      {projectLabel && <Fact label="Project">{projectLabel}</Fact>}
      <Fact label="Image"><span className="font-mono text-xs">{a.imageId}</span>{a.reinstall && <span className="ml-2 text-xs text-slate-500">(reinstalling)</span>}</Fact>
      <Fact label="Layout"><span className="font-mono text-xs">{a.filesystemLayoutId}</span></Fact>
      <Fact label="Installed">{a.succeeded ? "yes" : "not yet"}</Fact>
      <Fact label="ASN"><span className="font-mono" data-testid="machine-asn">{a.asn}</span></Fact>
      <Fact label="Networks">
        <ul className="grid gap-1">
          {a.networks.map((n) => (
            <li key={n.networkId}>
              <span className="font-medium">{networkName(n.networkId)}</span>
              {n.primary && <span className="ml-1 text-xs text-slate-500">primary</span>}
              {n.vrf !== null && <span className="ml-1 text-xs text-slate-500">VRF {n.vrf}</span>}
              <ul className="grid gap-1" data-testid="machine-ips">{n.addresses.map((ip) => <li key={ip}><CopyValue value={ip} label={`Copy ${ip}`} /></li>)}</ul>
            </li>
          ))}
        </ul>
      </Fact>
      {a.tags.length > 0 && <Fact label="Tags">{a.tags.join(", ")}</Fact>}
      <Fact label="Allocated"><Time iso={a.allocatedAt} /></Fact>
    </FactsCard>
  );
}

/** The machine's networks, one card: each with its addresses (copyable), primary first, VRF and ASN. */
export function NetworksCard({ allocation: a, networkName }: { allocation: NonNullable<MachineDto["allocation"]>; networkName: (id: string) => string }) {
  const nets = [...a.networks].sort((x, y) => Number(y.primary) - Number(x.primary));
  return (
    <FactsCard title="Networks" testId="machine-networks">
      {nets.map((n) => (
        <Fact key={n.networkId} label={networkName(n.networkId)}>
          <div className="flex flex-wrap gap-x-3 text-xs text-slate-600">
            {n.primary && <span>primary</span>}
            {n.vrf !== null && <span>VRF {n.vrf}</span>}
          </div>
          <ul className="mt-1 grid gap-1">{n.addresses.map((ip) => <li key={ip}><CopyValue value={ip} label={`Copy ${ip}`} /></li>)}</ul>
        </Fact>
      ))}
      <Fact label="ASN"><span className="font-mono">{a.asn}</span></Fact>
    </FactsCard>
  );
}
