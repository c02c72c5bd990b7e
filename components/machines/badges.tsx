import type { MachineDto } from "@/lib/contracts/machines";
import { Badge } from "@/components/catalog/ui";
import { tenantStateWord } from "@/lib/domain/lifecycle/state-words";

type Tone = "slate" | "green" | "amber" | "red" | "blue";

/** Stable states read calm; states the machine passes through read blue; trouble reads red. */
function stateTone(m: Pick<MachineDto, "state" | "failed" | "crashLoop">): Tone {
  if (m.failed || m.crashLoop || m.state === "Crashed") return "red";
  if (m.state === "Phoned Home") return "green";
  if (m.state === "Waiting") return "slate";
  return "blue";
}

/**
 * The lifecycle state as a badge. The portal passes words="tenant" ("Running"); the admin
 * console keeps metal-stack's names ("Phoned Home"). data-state always carries the technical one.
 */
export function StateBadge({ machine, words = "technical" }: { machine: Pick<MachineDto, "state" | "failed" | "crashLoop">; words?: "tenant" | "technical" }) {
  return (
    <span data-testid="machine-state" data-state={machine.state} className="inline-flex flex-wrap gap-1">
      <Badge tone={stateTone(machine)}>{words === "tenant" ? tenantStateWord(machine.state) : machine.state}</Badge>
      {machine.failed && <Badge tone="red">failed</Badge>}
      {machine.crashLoop && <Badge tone="red">crash loop</Badge>}
    </span>
  );
}

const livelinessTone: Record<MachineDto["liveliness"], Tone> = { Alive: "green", Dead: "red", Unknown: "amber" };

export function LivelinessBadge({ liveliness }: { liveliness: MachineDto["liveliness"] }) {
  return <span data-testid="machine-liveliness"><Badge tone={livelinessTone[liveliness]}>{liveliness}</Badge></span>;
}

const conditionTone: Record<MachineDto["condition"], Tone> = { AVAILABLE: "slate", LOCKED: "red", TAINTED: "amber" };

export function ConditionBadge({ condition }: { condition: MachineDto["condition"] }) {
  return <span data-testid="machine-condition"><Badge tone={conditionTone[condition]}>{condition}</Badge></span>;
}

/** The BMC's last word on power ("power on"/"power off"); nothing when there is no BMC reading. */
export function PowerBadge({ state, testId = "machine-power" }: { state: "on" | "off" | null | undefined; testId?: string }) {
  if (!state) return <span className="text-slate-600">—</span>;
  return <span data-testid={testId}><Badge tone={state === "on" ? "green" : "slate"}>power {state}</Badge></span>;
}
