import type { MachineInventoryDto } from "@/lib/contracts/machines";
import type { ColumnDef } from "@tanstack/react-table";
import { CopyValue } from "@/components/ui/copy";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes } from "@/components/catalog/units";
import { Fact, FactsCard } from "./facts";

/** CPUs, memory, disks and GPUs as the machine's agent reported them. */
function ComputeCard({ inventory: inv }: { inventory: MachineInventoryDto }) {
  return (
    <FactsCard title="Compute and storage" testId="machine-inventory">
      <Fact label="CPUs">
        <ul>{inv.cpus.map((c, i) => <li key={i}>{c.model || "unknown model"}: {c.cores} cores{c.threads ? `, ${c.threads} threads` : ""}</li>)}</ul>
        {inv.cpus.length === 0 && "—"}
      </Fact>
      <Fact label="Memory">{formatBytes(inv.memoryBytes)}</Fact>
      <Fact label="Disks">
        <ul className="font-mono text-xs">{inv.disks.map((d) => <li key={d.name}>{d.name} <span className="font-sans text-slate-600">{formatBytes(d.sizeBytes)}</span></li>)}</ul>
        {inv.disks.length === 0 && "—"}
      </Fact>
      <Fact label="GPUs">{inv.gpus.length === 0 ? "none" : <ul>{inv.gpus.map((g, i) => <li key={i}>{[g.vendor, g.model].filter(Boolean).join(" ")}</li>)}</ul>}</Fact>
    </FactsCard>
  );
}

/** The BMC as the machine's agent reported it at registration. Passwords are never shown (nor sent). */
function BmcCard({ bmc }: { bmc: MachineInventoryDto["bmc"] }) {
  return (
    <FactsCard title="BMC as reported" testId="machine-bmc">
      {!bmc ? <Fact label="BMC">not reported</Fact> : (
        <>
          <Fact label="Address"><span className="font-mono">{bmc.address}</span></Fact>
          <Fact label="Protocol">{bmc.protocol === "ipmi" ? "IPMI 2.0" : "Redfish"}</Fact>
          {bmc.mac && <Fact label="MAC"><span className="font-mono text-xs">{bmc.mac}</span></Fact>}
          {bmc.user && <Fact label="User">{bmc.user}</Fact>}
          {bmc.firmwareVersion && <Fact label="Firmware">{bmc.firmwareVersion}</Fact>}
          {Object.entries(bmc.fru).map(([k, v]) => <Fact key={k} label={`FRU ${k}`}>{v}</Fact>)}
        </>
      )}
    </FactsCard>
  );
}

type Nic = MachineInventoryDto["nics"][number];
const nicColumns: ColumnDef<Nic, unknown>[] = [
  { id: "nic", header: "NIC", meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.name },
  { id: "mac", header: "MAC", cell: ({ row }) => <CopyValue value={row.original.mac} label={`Copy MAC ${row.original.mac}`} /> },
  {
    id: "neighbours", header: "LLDP neighbours",
    cell: ({ row: { original: n } }) => n.neighbours.length === 0 ? <span className="text-slate-600">none seen</span> : (
      <ul>{n.neighbours.map((x) => <li key={`${x.switchName}/${x.port}`}><span className="font-medium">{x.switchName}</span> <span className="font-mono text-xs">{x.port}</span></li>)}</ul>
    ),
  },
];

/** NICs with their LLDP neighbours: which switch port each one is cabled to. */
function NicTable({ nics }: { nics: MachineInventoryDto["nics"] }) {
  return (
    <section aria-labelledby="nics-heading">
      <h2 id="nics-heading" className="mb-2 text-lg font-semibold">Network interfaces</h2>
      {nics.length === 0 ? <p className="text-sm text-slate-600">No NICs reported.</p>
        : <DataTable caption="Network interfaces and their LLDP neighbours" columns={nicColumns} data={nics} rowProps={() => ({ "data-testid": "nic-row" })} />}
    </section>
  );
}

export function InventoryCards({ inventory }: { inventory: MachineInventoryDto }) {
  return (
    <>
      <ComputeCard inventory={inventory} />
      <BmcCard bmc={inventory.bmc} />
      <NicTable nics={inventory.nics} />
    </>
  );
}
