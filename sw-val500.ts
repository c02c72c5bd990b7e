import { desiredSwitchState, renderLeafFrr } from "@/lib/domain/fabric";
import { busyLeaf } from "@/lib/domain/fabric/fabric.fixtures";
import { run } from "@/agents/switch/frr-validate";
import { writeFileSync, mkdtempSync, chmodSync } from "node:fs";
(async () => {
  for (const n of [46, 100, 200]) {
    const conf = renderLeafFrr(desiredSwitchState(busyLeaf(n, n + 2)).state);
    const d = mkdtempSync("/tmp/sw-v-"); chmodSync(d, 0o755); writeFileSync(`${d}/frr.conf`, conf);
    for (const [name, args] of [["vtysh -C", ["/usr/bin/vtysh", "-C", "-f", `${d}/frr.conf`]], ["bgpd -C", ["/usr/lib/frr/bgpd", "-C", "-f", `${d}/frr.conf`, "--log", "stdout", "-i", `${d}/b.pid`, "-z", `${d}/z.api`, "--vty_socket", d]], ["zebra -C", ["/usr/lib/frr/zebra", "-C", "-f", `${d}/frr.conf`, "--log", "stdout", "-i", `${d}/z.pid`, "-z", `${d}/z.api`, "--vty_socket", d]]] as const) {
      const t = performance.now(); await run(args[0], [...args.slice(1)], { timeoutMs: 600_000 }); console.log(n, name, Math.round(performance.now() - t), "ms");
    }
  }
})();
