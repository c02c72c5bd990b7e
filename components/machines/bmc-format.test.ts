import { describe, expect, it } from "vitest";
import { powerActions } from "@/lib/contracts/bmc";
import { commandLabel, destructiveActions, originLabel, powerDraw, productLine } from "./bmc-format";

describe("BMC wording in the browser", () => {
  it("names commands, and says how long a boot device holds", () => {
    expect(commandLabel({ command: "power-cycle", persistent: false })).toBe("Power cycle");
    expect(commandLabel({ command: "boot-pxe", persistent: false })).toBe("Boot from network (PXE), next boot only");
    expect(commandLabel({ command: "boot-disk", persistent: true })).toBe("Boot from disk, every boot");
  });

  it("asks before exactly the actions that interrupt the running OS, naming the machine", () => {
    const asking = powerActions.filter((a) => destructiveActions[a]);
    expect(asking).toEqual(["off", "reset", "cycle"]);
    for (const a of asking) expect(destructiveActions[a]!("web-01")).toContain("web-01");
  });

  it("reads origins, power draw and product for people", () => {
    expect(originLabel("user")).toBe("by hand");
    expect(originLabel("installed")).toBe("install finished");
    expect(originLabel("something-new")).toBe("something-new");
    expect([powerDraw(null), powerDraw(154.6)]).toEqual(["not reported", "155 W"]);
    expect([productLine({ manufacturer: "", model: "" }), productLine({ manufacturer: "Lab Systems", model: "LS-1U" })]).toEqual(["—", "Lab Systems LS-1U"]);
  });
});
