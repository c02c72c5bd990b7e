import type { MachineInventoryDto } from "@/lib/contracts/machines";
import { DataTable, Th } from "@/components/catalog/ui";
import { formatBytes } from "@/components/catalog/units";
import { Fact, FactsCard } from "./facts";

const td = "px-3 py-2";

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

/** NICs with their LLDP neighbours: which switch port each one is cabled to. */
function NicTable({ nics }: { nics: MachineInventoryDto["nics"] }) {
  return (
    <section aria-labelledby="nics-heading">
      <h2 id="nics-heading" className="mb-2 text-lg font-semibold">Network interfaces</h2>
      <DataTable caption="Network interfaces and their LLDP neighbours" head={<><Th>NIC</Th><Th>MAC</Th><Th>LLDP neighbours</Th></>}>
        {nics.length === 0 && <tr><td colSpan={3} className={`${td} text-slate-500`}>No NICs reported.</td></tr>}
        {nics.map((n) => (
          <tr key={n.name} className="border-t border-slate-100 align-top" data-testid="nic-row">
            <td className={`${td} font-mono text-xs`}>{n.name}</td>
            <td className={`${td} font-mono text-xs`}>{n.mac}</td>
            <td className={td}>{n.neighbours.length === 0 ? <span className="text-slate-500">none seen</span> : (
              <ul>{n.neighbours.map((x) => <li key={`${x.switchName}/${x.port}`}><span className="font-medium">{x.switchName}</span> <span className="font-mono text-xs">{x.port}</span></li>)}</ul>
            )}</td>
          </tr>
        ))}
      </DataTable>
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
