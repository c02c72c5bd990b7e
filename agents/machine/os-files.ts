import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { bootInfoSchema, type InstallInstructions } from "@/lib/contracts/agent";

/**
 * The installed OS's own configuration, written by the installer (lab: under `<diskDir>/os/`):
 * hostname, network config (IPs, VRFs, ASN for BGP to the host), DNS, ssh keys, cloud-init
 * userdata, the boot info, and what the OS needs to phone home (machine id, API URL and the
 * machine credential). A disk boot reads it back: that is all the "installed OS" knows.
 */
export type BootInfo = z.infer<typeof bootInfoSchema>;

export const phoneHomeSchema = z.object({ machineId: z.string(), apiUrl: z.string(), credential: z.string() });
export type PhoneHomeConfig = z.infer<typeof phoneHomeSchema>;

const file = (root: string, rel: string) => path.join(root, ...rel.split("/"));

async function put(root: string, rel: string, content: string, mode = 0o644): Promise<void> {
  const target = file(root, rel);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content, { mode });
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Writes the OS configuration into `root` (the lab's os/ directory, or the mounted root filesystem). */
export async function writeOsFiles(root: string, install: InstallInstructions, home: PhoneHomeConfig, bootInfo: BootInfo): Promise<void> {
  await put(root, "etc/hostname", `${install.hostname}\n`);
  await put(root, "etc/resolv.conf", install.dnsServers.map((s) => `nameserver ${s}\n`).join(""));
  await put(root, "etc/metal/network.json", json({ hostname: install.hostname, asn: install.asn, networks: install.networks, dnsServers: install.dnsServers, ntpServers: install.ntpServers }));
  await put(root, "etc/metal/install.json", json({ machineId: install.machineId, image: install.image, filesystemLayoutId: install.filesystemLayout.id, reinstall: install.reinstall }));
  await put(root, "etc/metal/boot-info.json", json(bootInfo));
  await put(root, "etc/metal/phone-home.json", json(home), 0o600);
  await put(root, "root/.ssh/authorized_keys", install.sshPublicKeys.map((k) => `${k}\n`).join(""), 0o600);
  await put(root, "var/lib/cloud/seed/nocloud/meta-data", `instance-id: ${install.machineId}\nlocal-hostname: ${install.hostname}\n`);
  await put(root, "var/lib/cloud/seed/nocloud/user-data", install.userdata);
}

/** Hands an installed OS a new machine credential (each registration replaces the previous one). */
export async function writePhoneHome(root: string, home: PhoneHomeConfig): Promise<void> {
  await put(root, "etc/metal/phone-home.json", json(home), 0o600);
}

/** What a disk boot finds: null when no OS is installed (the firmware then falls back to PXE). */
export async function readInstalledOs(root: string): Promise<{ home: PhoneHomeConfig; bootInfo: BootInfo } | null> {
  try {
    const home = phoneHomeSchema.parse(JSON.parse(await readFile(file(root, "etc/metal/phone-home.json"), "utf8")));
    const bootInfo = bootInfoSchema.parse(JSON.parse(await readFile(file(root, "etc/metal/boot-info.json"), "utf8")));
    return { home, bootInfo };
  } catch {
    return null;
  }
}
