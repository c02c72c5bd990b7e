import { createHash } from "node:crypto";
import type { z } from "zod";
import type { registerMachineInput } from "@/lib/contracts/agent";
import c1Large from "./profiles/c1-large-x86.json";
import c1Small from "./profiles/c1-small-x86.json";
import g1Gpu from "./profiles/g1-gpu-x86.json";

/**
 * Hardware profiles of the lab, one per seeded size (lab/profiles/*.json, each a registration
 * body the agent can use as it is), and how a lab machine gets its own copy: a stable hardware
 * UUID from the lab name and index, its own MACs, and LLDP neighbours on the two leaves of its
 * rack ("<rack>leaf01", "<rack>leaf02"; the server derives the rack from these names).
 */
export type Profile = z.input<typeof registerMachineInput>;
export const LAB_PROFILES = { "c1-small-x86": c1Small, "c1-large-x86": c1Large, "g1-gpu-x86": g1Gpu } satisfies Record<string, Profile>;
export type LabSize = keyof typeof LAB_PROFILES;

/** 8-4-4-4-12 from sha256(labName/index), with RFC 9562 version 8 (custom) and variant bits. */
export function labUuid(labName: string, index: number): string {
  const b = createHash("sha256").update(`${labName}/${index}`).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Locally administered, unique per lab and machine index (up to 65,536 machines) and NIC. */
export function labMac(labName: string, index: number, nic: number): string {
  const h = createHash("sha256").update(labName).digest();
  const bytes = [0x52, 0x54, h[0], (index >> 8) & 0xff, index & 0xff, nic & 0xff];
  return bytes.map((x) => x.toString(16).padStart(2, "0")).join(":");
}

export function leafName(rack: string, n: number): string {
  return `${rack}leaf${String(n).padStart(2, "0")}`;
}

/** NIC n is cabled to leaf n+1 of the rack, on the port of the machine's slot in the rack. */
export function instantiateProfile(size: LabSize, m: { labName: string; index: number; rack: string; slot: number }): Profile {
  const template: Profile = structuredClone(LAB_PROFILES[size]);
  return {
    ...template,
    uuid: labUuid(m.labName, m.index),
    hardware: {
      ...template.hardware,
      nics: (template.hardware.nics ?? []).map((nic, n) => ({
        ...nic,
        mac: labMac(m.labName, m.index, n),
        neighbours: [{ switchName: leafName(m.rack, n + 1), port: `Ethernet${m.slot + 1}` }],
      })),
    },
  };
}
