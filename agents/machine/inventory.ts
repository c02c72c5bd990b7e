import { readFile } from "node:fs/promises";
import { type RegisterMachineInput, registerMachineInput } from "@/lib/contracts/agent";
import { type AgentConfig, LINUX_HARDWARE } from "./config";
import { readLinuxHardware, readProductUuid } from "./inventory-linux";
import { readLldpNeighbours } from "./lldp";

/**
 * What the agent registers: the hardware UUID and inventory, from the running Linux system or
 * from a JSON profile (the lab). A profile is exactly a registration body, so it is validated
 * with the same contract the server uses.
 */
export type Inventory = RegisterMachineInput;

async function readProfile(file: string): Promise<Inventory> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new Error(`hardware profile ${file}: ${(err as Error).message}`);
  }
  const parsed = registerMachineInput.safeParse(json);
  if (!parsed.success) {
    throw new Error(`hardware profile ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

/** The machine id, read before anything else: every event is sent for it. */
export async function readMachineUuid(config: AgentConfig): Promise<string> {
  if (config.hardware !== LINUX_HARDWARE) return (await readProfile(config.hardware)).uuid;
  return registerMachineInput.shape.uuid.parse(await readProductUuid(config.sysRoot));
}

export async function readInventory(config: AgentConfig, lldp = readLldpNeighbours): Promise<Inventory> {
  if (config.hardware !== LINUX_HARDWARE) return readProfile(config.hardware);
  const [uuid, hw, neighbours] = await Promise.all([readProductUuid(config.sysRoot), readLinuxHardware(config.sysRoot), lldp()]);
  const nics = hw.nics.map((n) => ({ ...n, neighbours: neighbours.get(n.name) ?? [] }));
  const parsed = registerMachineInput.safeParse({ uuid, hardware: { ...hw, nics } });
  if (!parsed.success) throw new Error(`hardware inventory: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}
