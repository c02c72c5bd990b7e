import type { z } from "zod";
import type { registerSwitchInput } from "@/lib/contracts/switches";

/** A leaf registration: machine ports Ethernet1…N, uplinks Ethernet31/32 (after N when N ≥ 31; tests and the bench). */
export function leafRegistration(id: string, rack: string, extra: Partial<z.input<typeof registerSwitchInput>> = {}, portCount = 8): z.input<typeof registerSwitchInput> {
  const n = Number(id.replace(/\D/g, "").slice(-2)) || 1;
  const ports = Array.from({ length: portCount }, (_, i) => ({ name: `Ethernet${i + 1}`, mac: switchMac(n, i + 1), uplink: false }));
  return {
    id, rack, os: { vendor: "SONiC", version: "202311" }, agentVersion: "test", managementAddress: `192.168.0.${n}`,
    asn: 4200000000 + n, routerId: `10.1.0.${n}`,
    ports: [...ports, ...[1, 2].map((k) => Math.max(30, portCount) + k).map((u) => ({ name: `Ethernet${u}`, mac: switchMac(n, u), uplink: true }))],
    ...extra,
  };
}

export function switchMac(sw: number, port: number): string {
  return `0c:00:00:00:${sw.toString(16).padStart(2, "0")}:${port.toString(16).padStart(2, "0")}`;
}
