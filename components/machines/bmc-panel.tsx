"use client";

import type { BmcDto } from "@/lib/contracts/bmc";
import { Badge } from "@/components/catalog/ui";
import { powerDraw, productLine } from "./bmc-format";
import { Fact, FactsCard } from "./facts";
import { Sparkline } from "@/components/ui/charts";
import { Time } from "@/components/ui/time";
import { describeTrend } from "@/lib/domain/bmc/power-trend";
import { usePowerReadings } from "./use-bmc";

const healthTone = { OK: "green", Warning: "amber", Critical: "red", Unknown: "slate" } as const;
const protocolName = { ipmi: "IPMI 2.0", redfish: "Redfish" } as const;

function PowerState({ state }: { state: BmcDto["powerState"] }) {
  return <span data-testid="bmc-power-state">{state === null ? <span className="text-slate-500">unknown</span> : <Badge tone={state === "on" ? "green" : "slate"}>{state}</Badge>}</span>;
}

function Identify({ on }: { on: BmcDto["identifyOn"] }) {
  return <span data-testid="bmc-identify">{on === null ? <span className="text-slate-500">not reported</span> : <Badge tone={on ? "blue" : "slate"}>{on ? "on" : "off"}</Badge>}</span>;
}

/** The draw over the last 24 h from the stored poll readings: a sparkline and its numbers. */
function PowerTrend({ machineId }: { machineId: string }) {
  const readings = usePowerReadings(machineId);
  const items = readings.data?.items ?? [];
  const text = describeTrend(items);
  if (!text) return readings.isSuccess ? <span className="mt-1 block text-xs text-slate-600" data-testid="power-trend-empty">The 24 h trend starts with the next readings (one every 5 minutes).</span> : null;
  return (
    <span className="mt-1 flex flex-wrap items-center gap-2" data-testid="power-trend">
      <Sparkline values={items.map((r) => r.watts)} summary={`Power draw trend: ${text}`} />
      <span className="text-xs text-slate-600">{text}</span>
    </span>
  );
}

/** The last successful poll and, when the latest one failed, what went wrong. */
function PollFacts({ bmc }: { bmc: BmcDto }) {
  return (
    <>
      <Fact label="Last read">
        {bmc.lastPollOkAt ? <Time iso={bmc.lastPollOkAt} /> : <span className="text-slate-500">never: it is read every few minutes</span>}
      </Fact>
      {bmc.lastPollError && (
        <Fact label="Last poll error">
          <span className="text-red-800" data-testid="bmc-poll-error">{bmc.lastPollError}</span>
          {bmc.lastPollAt && <span className="ml-2 text-xs text-slate-500"><Time iso={bmc.lastPollAt} show="absolute" /></span>}
        </Fact>
      )}
    </>
  );
}

/** How the control plane reaches the BMC: operators only. The password is only ever "set". */
function ConnectionFacts({ bmc, connection: c }: { bmc: BmcDto; connection: NonNullable<BmcDto["connection"]> }) {
  return (
    <>
      <Fact label="Protocol">{protocolName[bmc.protocol]}</Fact>
      <Fact label="Address"><span className="font-mono text-xs" data-testid="bmc-address">{c.address}</span></Fact>
      <Fact label="User">{c.user || <span className="text-slate-500">none</span>}</Fact>
      <Fact label="Password"><span data-testid="bmc-password-set">{c.passwordSet ? "set" : "not set"}</span></Fact>
      {bmc.protocol === "redfish" && <Fact label="TLS">{c.insecureTls ? <span className="text-amber-800">certificate not verified</span> : "certificate verified"}</Fact>}
      <Fact label="Settings">{c.operatorManaged ? "set by an operator" : "as the machine reported them"}</Fact>
    </>
  );
}

/**
 * What the BMC last told the poller: power, identify LED, product, firmware, power draw and
 * supplies. Old data says so loudly: after 20 min without a successful poll it may be wrong.
 */
export function BmcPanel({ bmc }: { bmc: BmcDto }) {
  return (
    <FactsCard title="BMC" testId="bmc-panel" notice={bmc.outdated && (
      <p role="alert" data-testid="bmc-outdated" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
        <strong>BMC info outdated:</strong> {bmc.lastPollOkAt ? <>the BMC was last read successfully <Time iso={bmc.lastPollOkAt} show="relative" /></> : "the BMC has never been read successfully"}. What is shown here may no longer be true.
      </p>
    )}>
      <Fact label="Power"><PowerState state={bmc.powerState} /></Fact>
      <Fact label="Identify LED"><Identify on={bmc.identifyOn} /></Fact>
      <Fact label="Product">{productLine(bmc)}</Fact>
      <Fact label="Serial"><span className="font-mono text-xs">{bmc.serial || "—"}</span></Fact>
      <Fact label="BMC firmware"><span data-testid="bmc-firmware">{bmc.firmwareVersion || "—"}</span></Fact>
      <Fact label="BIOS">{bmc.biosVersion || "—"}</Fact>
      <Fact label="Power draw">
        <span data-testid="bmc-power-draw">{powerDraw(bmc.powerWatts)}</span>
        <PowerTrend machineId={bmc.machineId} />
      </Fact>
      <Fact label="Power supplies">
        {bmc.powerSupplies.length === 0 ? <span className="text-slate-500">not reported</span> : (
          <ul className="grid gap-0.5">{bmc.powerSupplies.map((p) => <li key={p.name}>{p.name} <Badge tone={healthTone[p.health]}>{p.health}</Badge> <span className="text-xs text-slate-500">{p.state}</span></li>)}</ul>
        )}
      </Fact>
      <PollFacts bmc={bmc} />
      {bmc.connection && <ConnectionFacts bmc={bmc} connection={bmc.connection} />}
    </FactsCard>
  );
}
