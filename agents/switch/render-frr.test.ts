import { describe, expect, it } from "vitest";
import { renderHostFrr, renderLeafFrr } from "@/lib/domain/fabric";
import { hostCases, leafCases } from "@/lib/domain/fabric/fabric.cases";
import { frrOrSkip } from "./frr-available";
import { validateFrrConfig } from "./frr-validate";

/** Every rendered golden case goes through real FRR: vtysh -C (grammar), bgpd -C and zebra -C (semantics). */
const missing = frrOrSkip("FRR validation of rendered configs");

describe.skipIf(missing !== null)("rendered configs are valid FRR", { timeout: 120_000 }, () => {
  for (const [name, state] of Object.entries(leafCases)) {
    it(`leaf: ${name}`, async () => {
      expect(await validateFrrConfig(renderLeafFrr(state()))).toEqual({ ok: true });
    });
  }
  it("leaf with the lab's options (netns VRF names, fast convergence)", async () => {
    const conf = renderLeafFrr(leafCases["leaf-external-ips"](), { vrfName: (vni) => `sw-leaf01-vrf${vni}`, fastConvergence: true, raIntervalSeconds: 1 });
    expect(await validateFrrConfig(conf)).toEqual({ ok: true });
  });
  for (const [name, input] of Object.entries(hostCases)) {
    it(`host: ${name}`, async () => {
      expect(await validateFrrConfig(renderHostFrr(input))).toEqual({ ok: true });
    });
  }
  it("catches a grammar error and a semantic one (the validator can fail)", async () => {
    const good = renderLeafFrr(leafCases["empty-leaf"]());
    const grammar = await validateFrrConfig(`${good}router bgp 4200000001\n neighbour swp1 typo\n`);
    expect(grammar.ok).toBe(false);
    const semantic = await validateFrrConfig(good.replace("neighbor swp31 interface peer-group FABRIC", "neighbor swp31 interface peer-group NOPE"));
    expect(semantic).toEqual({ ok: false, errors: expect.arrayContaining([expect.stringContaining("peer-group NOPE")]) });
  });
});
