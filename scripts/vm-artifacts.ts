/**
 * `npm run lab:vm-artifacts [-- --force]`: builds (or finds up to date) the lab VM's kernel,
 * agent initramfs and OS images under DATA_DIR/vm (lab/vm/build.ts). Needs apt-get, dpkg-deb
 * and a Debian host (its node, mke2fs and wipefs go into the initramfs).
 */
import { getEnv } from "@/lib/env";
import { buildVmArtifacts } from "@/lab/vm/build";

const started = Date.now();
buildVmArtifacts(getEnv().dataDir, { force: process.argv.includes("--force") }).then((m) => {
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  console.log(`kernel ${m.kernelVersion}: ${mb(m.kernel.bytes)}; agent initramfs ${mb(m.initrd.bytes)}`);
  for (const i of m.images) console.log(`image ${i.id}: ${mb(i.bytes)} sha256 ${i.sha256}`);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
