import { describe, expect, it } from "vitest";
import { desiredSwitchState } from "./desired";
import { hostCases, leafCases } from "./fabric.cases";
import { busyLeaf, dualStackWithExternalIps } from "./fabric.fixtures";
import { renderHostFrr } from "./render-host";
import { renderLeafFrr } from "./render-leaf";
import { portPlan, renderInterfaces } from "./render-ports";

/**
 * Golden files (lib/domain/fabric/golden/): the rendered configs, reviewed by eye when they
 * change (`npx vitest run lib/domain/fabric -u` rewrites them). agents/switch/render-frr.test.ts
 * feeds every one of them to real FRR.
 */
describe("leaf frr.conf golden files", () => {
  for (const [name, state] of Object.entries(leafCases)) {
    it(name, async () => {
      await expect(renderLeafFrr(state())).toMatchFileSnapshot(`golden/${name}.frr.conf`);
    });
  }
  it("renders the interfaces file of the external-IPs case", async () => {
    await expect(renderInterfaces(leafCases["leaf-external-ips"]())).toMatchFileSnapshot("golden/leaf-external-ips.interfaces");
  });
});

describe("host frr.conf golden files", () => {
  for (const [name, input] of Object.entries(hostCases)) {
    it(name, async () => {
      await expect(renderHostFrr(input)).toMatchFileSnapshot(`golden/${name}.frr.conf`);
    });
  }
});

describe("leaf rendering rules", () => {
  const conf = renderLeafFrr(desiredSwitchState(dualStackWithExternalIps()).state);

  it("filters IPv6 with ipv6 prefix-list, never with ip prefix-list", () => {
    expect(conf).toMatch(/^ipv6 prefix-list vrf1007-in6 seq \d+ permit fd00:0:0:7::\/64 le 128$/m);
    expect(conf).not.toMatch(/^ip prefix-list .*:/m);
  });

  it("accepts the project's external IPs as host routes, and not a machine that is not yet installed", () => {
    expect(conf).toMatch(/^ip prefix-list vrf1007-in seq \d+ permit 185\.1\.2\.9\/32$/m);
    expect(conf).toMatch(/^ipv6 prefix-list vrf1007-in6 seq \d+ permit 2a02:c00::15\/128$/m);
    expect(conf).toContain(" neighbor swp1 interface peer-group MACHINE");
    expect(conf).not.toContain(" neighbor swp2 interface");
  });

  it("is deterministic and renders a 48-port leaf with 500 VRFs' worth of tenants fast", () => {
    const facts = busyLeaf(500, 48);
    const t0 = performance.now();
    const a = renderLeafFrr(desiredSwitchState(facts).state);
    const ms = performance.now() - t0;
    expect(renderLeafFrr(desiredSwitchState(facts).state)).toBe(a);
    expect(ms).toBeLessThan(1000);
  });

  it("plans tenant ports into their VRF and keeps admin state separate from role", () => {
    const plan = portPlan(desiredSwitchState(dualStackWithExternalIps()).state, (vni) => `lab-vrf${vni}`);
    expect(plan.find((p) => p.name === "swp1")).toEqual({ name: "swp1", adminState: "up", vrf: "lab-vrf1007" });
    expect(plan.find((p) => p.name === "swp2")).toEqual({ name: "swp2", adminState: "up", vrf: null });
  });
});

describe("leaf frr.conf for FRR's netns VRF backend (the live lab)", () => {
  it("names tenant ports with their VRF, leaves their shutdown to the agent, and keeps received routes", () => {
    const state = desiredSwitchState(busyLeaf(1, 8)).state;
    const tenant = state.ports.find((p) => p.role === "tenant")!;
    const down = { ...state, ports: state.ports.map((p) => (p.name === tenant.name ? { ...p, adminState: "down" as const } : p)) };
    const netns = renderLeafFrr(down, { netnsVrf: true });
    expect(netns).toContain(`interface ${tenant.name} vrf vrf${tenant.vni}\n ipv6 nd ra-interval 6\n no ipv6 nd suppress-ra\nexit`);
    expect(netns).toContain("evpn mh startup-delay 0");
    expect(netns).toContain("  neighbor MACHINE soft-reconfiguration inbound");
    const devices = renderLeafFrr(down);
    expect(devices).toContain(`interface ${tenant.name}\n ipv6 nd ra-interval 6\n no ipv6 nd suppress-ra\n shutdown\nexit`);
    expect(devices).not.toContain("evpn mh startup-delay");
  });
});
