import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build as esbuild } from "esbuild";
import { type VmManifest, VM_IMAGE_IDS, vmArtifactsDir } from "./artifacts";
import { writeInitramfs } from "./cpio";
import { closeModules, parseModulesDep } from "./modules";

/**
 * Builds the lab VM's boot artifacts from Debian packages (LAB-RECIPES §4), cached under
 * <dataDir>/vm: debs/ (apt-get download), root/ (dpkg-deb -x), build/ (staging), out/ (served).
 * - the kernel of `linux-image-amd64`'s current ABI;
 * - the agent initramfs: busybox-static, the host's node and the libraries ldd names, the disk
 *   tools (sgdisk, mke2fs, mkfs.fat, wipefs, extlinux + gptmbr.bin, kexec), the virtio/ext4/vfat
 *   modules with their dependencies, and the machine agent bundled into one file (esbuild);
 * - per lab OS image id, a tar with boot/vmlinuz, boot/initrd.img (busybox + a phone-home init)
 *   and etc/os-release.
 * Nothing is rebuilt when no input changed (the manifest's `inputs` hash); a rebuild of unchanged
 * inputs gives the same image bytes (cpio.ts), and seedVmCatalog updates a changed image's sha256.
 */
const PACKAGES = ["busybox-static", "kexec-tools", "extlinux", "syslinux-common", "gdisk", "dosfstools",
  // kexec-tools links libxenctrl (Debian builds it with Xen support).
  "libxenmisc4.17", "libxencall1", "libxendevicemodel1", "libxenevtchn1", "libxenforeignmemory1", "libxengnttab1", "libxenhypfs1", "libxenstore4", "libxentoolcore1", "libxentoollog1"];
/** Loaded in this order by the inits (modprobe adds the dependencies). */
const MODULES = ["virtio_pci", "virtio_blk", "virtio_net", "crc32c_generic", "ext4", "nls_cp437", "nls_ascii", "vfat"];
/** Host binaries (Debian's e2fsprogs and util-linux, present on every Debian host; busybox's blkdiscard lacks -f and -z). */
const HOST_TOOLS = ["/usr/bin/node", "/sbin/mke2fs", "/sbin/wipefs", "/sbin/blkdiscard"];
/** From the downloaded packages: path inside root/ → path in the initramfs. */
const PACKAGE_TOOLS = ["/sbin/sgdisk", "/sbin/mkfs.fat", "/sbin/kexec", "/usr/bin/extlinux"];

const here = path.join(/*turbopackIgnore: true*/ process.cwd(), "lab", "vm");
const sh = (cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const log = (msg: string) => console.log(`vm-artifacts: ${msg}`);

function kernelPackage(): string {
  const deps = sh("apt-cache", ["depends", "linux-image-amd64"]);
  const m = /Depends: (linux-image-[0-9][^\s]*-amd64)/.exec(deps);
  if (!m) throw new Error(`cannot resolve the kernel ABI from apt-cache depends linux-image-amd64:\n${deps}`);
  return m[1];
}

function downloadPackages(dir: string, packages: string[]): string[] {
  mkdirSync(dir, { recursive: true });
  const have = readdirSync(dir);
  const missing = packages.filter((p) => !have.some((f) => f.startsWith(`${p}_`) && f.endsWith(".deb")));
  if (missing.length > 0) {
    log(`apt-get download ${missing.join(" ")}`);
    sh("apt-get", ["download", ...missing], { cwd: dir });
  }
  const debs = readdirSync(dir).filter((f) => f.endsWith(".deb"));
  return packages.map((p) => path.join(dir, debs.find((f) => f.startsWith(`${p}_`))!));
}

/** Copies a file (following links) to the same absolute path under `stage`. */
function put(stage: string, from: string, to = from, mode?: number): void {
  const dest = path.join(stage, to);
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(realpathSync(from), dest);
  if (mode !== undefined) chmodSync(dest, mode);
}

/** The shared libraries `ldd` names for a binary (and the dynamic loader), as [path as named, file]. */
function libraries(binary: string, libPath: string): [string, string][] {
  const out = sh("ldd", [binary], { env: { ...process.env, LD_LIBRARY_PATH: libPath } });
  const libs: [string, string][] = [];
  for (const line of out.split("\n")) {
    if (/not found/.test(line)) throw new Error(`${binary}: ${line.trim()}`);
    const m = /=>\s+(\S+)/.exec(line) ?? /^\s*(\/\S+)/.exec(line);
    if (!m) continue;
    const file = m[1];
    // A library found in the unpacked packages lives at the same path without the root prefix.
    const named = file.includes("/root/") ? file.slice(file.indexOf("/root/") + 5) : file;
    libs.push([named, file]);
  }
  return libs;
}

function busybox(stage: string, root: string): void {
  put(stage, path.join(root, "bin/busybox"), "/bin/busybox", 0o755);
  for (const applet of sh(path.join(root, "bin/busybox"), ["--list"]).split("\n").filter(Boolean)) {
    if (applet !== "busybox") symlinkSync("busybox", path.join(stage, "bin", applet));
  }
}

function modules(stage: string, root: string, kernelVersion: string): void {
  const base = path.join(root, "lib/modules", kernelVersion);
  const deps = parseModulesDep(readFileSync(path.join(base, "modules.dep"), "utf8"));
  const needed = closeModules(deps, MODULES);
  for (const rel of needed) put(stage, path.join(base, rel), path.join("/lib/modules", kernelVersion, rel));
  writeFileSync(path.join(stage, "lib/modules", kernelVersion, "modules.dep"), needed.map((m) => `${m}: ${(deps.get(m) ?? []).join(" ")}`.trimEnd()).join("\n") + "\n");
}

function commonFiles(stage: string, init: string): void {
  for (const dir of ["proc", "sys", "dev", "tmp", "mnt", "run", "root", "etc"]) mkdirSync(path.join(stage, dir), { recursive: true });
  put(stage, path.join(here, "initramfs", init), "/init", 0o755);
  put(stage, path.join(here, "initramfs/common.sh"), "/etc/metal-common.sh", 0o644);
  put(stage, path.join(here, "initramfs/udhcpc.script"), "/etc/udhcpc.script", 0o755);
  writeFileSync(path.join(stage, "etc/metal-modules"), `${MODULES.join("\n")}\n`);
}

async function agentBundle(file: string): Promise<void> {
  await esbuild({
    entryPoints: [path.join(process.cwd(), "agents/machine/main.ts")],
    bundle: true, platform: "node", target: "node20", format: "cjs", outfile: file, logLevel: "warning",
    tsconfig: path.join(process.cwd(), "tsconfig.json"),
  });
}

function installerStage(stage: string, root: string, kernelVersion: string, agentJs: string): void {
  busybox(stage, root);
  const libPath = ["usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu"].map((d) => path.join(root, d)).join(":");
  const tools: [string, string][] = [...HOST_TOOLS.map((t): [string, string] => [t, t]), ...PACKAGE_TOOLS.map((t): [string, string] => [path.join(root, t), t])];
  for (const [from, to] of tools) {
    put(stage, from, to, 0o755);
    for (const [named, file] of libraries(from, libPath)) if (!existsSync(path.join(stage, named))) put(stage, file, named, 0o755);
  }
  symlinkSync("mke2fs", path.join(stage, "sbin/mkfs.ext4"));
  symlinkSync("mkfs.fat", path.join(stage, "sbin/mkfs.vfat"));
  put(stage, "/etc/mke2fs.conf");
  put(stage, path.join(root, "usr/lib/syslinux/mbr/gptmbr.bin"), "/usr/lib/syslinux/mbr/gptmbr.bin");
  modules(stage, root, kernelVersion);
  commonFiles(stage, "installer-init.sh");
  put(stage, agentJs, "/agent.js");
}

function osRelease(id: string): string {
  const [, os, version] = /^(.*)-([0-9][0-9.]*)$/.exec(id)!;
  return `NAME="Metal lab OS"\nPRETTY_NAME="Metal lab OS ${version}"\nID=${os}\nVERSION_ID="${version.split(".").slice(0, 2).join(".")}"\nMETAL_IMAGE_ID=${id}\n`;
}

/** The image tar, reproducible (fixed owner, mtime and order) so its sha256 only changes with its content. */
function imageTar(dir: string, out: string, id: string, kernel: string, osInitrd: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "boot"), { recursive: true });
  mkdirSync(path.join(dir, "etc"), { recursive: true });
  copyFileSync(kernel, path.join(dir, "boot/vmlinuz"));
  copyFileSync(osInitrd, path.join(dir, "boot/initrd.img"));
  writeFileSync(path.join(dir, "etc/os-release"), osRelease(id));
  sh("tar", ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=2026-12-05 00:00Z", "-cf", out, "-C", dir, "boot", "etc"]);
}

export async function buildVmArtifacts(dataDir: string, o: { force?: boolean } = {}): Promise<VmManifest> {
  const base = vmArtifactsDir(dataDir);
  const [debs, root, buildDir, out] = ["debs", "root", "build", "out"].map((d) => path.join(base, d));
  const kernelPkg = kernelPackage();
  const kernelVersion = kernelPkg.replace(/^linux-image-/, "");
  const files = downloadPackages(debs, [kernelPkg, ...PACKAGES]);
  mkdirSync(buildDir, { recursive: true });
  const agentJs = path.join(buildDir, "agent.js");
  await agentBundle(agentJs);

  const scripts = readdirSync(path.join(here, "initramfs")).sort().map((f) => readFileSync(path.join(here, "initramfs", f), "utf8"));
  const inputs = sha256(JSON.stringify({ files: files.map((f) => path.basename(f)), host: HOST_TOOLS.map((t) => statSync(t).size), scripts, agent: sha256(readFileSync(agentJs)), builder: ["build.ts", "cpio.ts"].map((f) => readFileSync(path.join(here, f), "utf8")), ids: VM_IMAGE_IDS }));
  const manifestFile = path.join(out, "manifest.json");
  if (!o.force && existsSync(manifestFile)) {
    const old = JSON.parse(readFileSync(manifestFile, "utf8")) as VmManifest;
    if (old.inputs === inputs) {
      log(`up to date (${out})`);
      return old;
    }
  }

  rmSync(root, { recursive: true, force: true });
  for (const f of files) sh("dpkg-deb", ["-x", f, root]);
  // The package ships no modules.dep (its postinst runs depmod): busybox's depmod writes one.
  sh(path.join(root, "bin/busybox"), ["depmod", "-b", root, kernelVersion]);
  mkdirSync(out, { recursive: true });
  const kernel = path.join(out, "vmlinuz");
  copyFileSync(path.join(root, "boot", `vmlinuz-${kernelVersion}`), kernel);

  log("staging the agent initramfs");
  const installer = path.join(buildDir, "installer");
  rmSync(installer, { recursive: true, force: true });
  installerStage(installer, root, kernelVersion, agentJs);
  const initrd = path.join(out, "installer.cpio.gz");
  await writeInitramfs(installer, initrd);

  log("staging the lab OS initramfs and images");
  const osStage = path.join(buildDir, "os");
  rmSync(osStage, { recursive: true, force: true });
  busybox(osStage, root);
  modules(osStage, root, kernelVersion);
  commonFiles(osStage, "os-init.sh");
  const osInitrd = path.join(buildDir, "os-initrd.cpio.gz");
  await writeInitramfs(osStage, osInitrd);
  const images = VM_IMAGE_IDS.map((id) => {
    const file = `${id}.tar`;
    imageTar(path.join(buildDir, `image-${id}`), path.join(out, file), id, kernel, osInitrd);
    const bytes = readFileSync(path.join(out, file));
    return { id, file, bytes: bytes.length, sha256: sha256(bytes) };
  });

  const manifest: VmManifest = {
    kernelVersion,
    kernel: { file: "vmlinuz", bytes: statSync(kernel).size },
    initrd: { file: "installer.cpio.gz", bytes: statSync(initrd).size },
    images,
    builtAt: new Date().toISOString(),
    inputs,
  };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  // The unpacked modules (≈ 450 MB) were only needed for depmod and the copies above.
  rmSync(path.join(root, "lib/modules"), { recursive: true, force: true });
  return manifest;
}
