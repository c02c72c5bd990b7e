import { BmcError, type BmcConnection, type BmcDriver, type BootDevice, type PowerState, type RestartHooks } from "../driver";
import { DEFAULT_POWER_DEADLINE_MS, DEFAULT_SETTLE_MS, PowerWaiter } from "../settle";
import { createIpmitool, type IpmitoolResult, type RunOptions } from "./ipmitool";
import { parseChassisStatusRaw, parsePowerStatus } from "./parse-chassis";
import { ParseError, parseFruPrint, parseMcInfo, parseSystemFirmwareVersion, type FruInfo } from "./parse-inventory";
import { parseDcmiPowerReading, parsePowerSupplies } from "./parse-power";

/**
 * BmcDriver for IPMI 2.0 over LAN, by running ipmitool (see ./ipmitool.ts for how).
 * Semantics are driver.ts's; how they map onto IPMI:
 * - power actions settle (driver.ts, lib/bmc/settle.ts): the status is read until it holds,
 *   the chassis control request is sent only when the settled state is not the target, and
 *   the action returns once the target holds.
 * - reset/cycle of a machine that is off power it on instead: IPMI leaves "power cycle" of
 *   an off chassis undefined (many BMCs answer 0xD5 "not supported in present state").
 * - boot device: `chassis bootdev pxe|disk|bios`, with `options=efiboot` for UEFI machines
 *   (the EFI bit; without it a UEFI server may ignore the override or PXE-boot in legacy
 *   mode) and `persistent` when persistent.
 * - identify: `chassis identify force` (indefinite), falling back to the longest interval
 *   (255 s) on BMCs that reject "force"; off is `chassis identify 0`.
 * - readInfo: Get Chassis Status (raw, for the identify state ipmitool does not print),
 *   mc info, fru print 0, system firmware version, DCMI power reading, power supply sensors.
 *   The last four are optional: a BMC that rejects them gets "", null or [].
 */
export type IpmiDriverOptions = { ipmitool?: string };

const BOOTDEV: Record<BootDevice, string> = { pxe: "pxe", disk: "disk", bios: "bios" };
const POWER_POLL_MS = 250;
const OPTIONAL = new Set(["rejected", "unsupported"]);

export function createIpmiDriver(conn: BmcConnection, opts: IpmiDriverOptions = {}): BmcDriver {
  if (conn.protocol !== "ipmi") throw new BmcError("unsupported", `the IPMI driver cannot speak ${conn.protocol}`);
  const tool = createIpmitool(conn, opts.ipmitool);
  const bootMode = conn.bootMode ?? "uefi";

  /** Runs a command and parses its output; a parse failure becomes the stderr error or "malformed". */
  async function query<T>(action: string, args: string[], parse: (stdout: string) => T, o?: RunOptions): Promise<T> {
    const result = await tool.run(action, args, o);
    try {
      return parse(result.stdout);
    } catch (err) {
      if (err instanceof ParseError) throw tool.failure(action, result, err.message);
      throw err;
    }
  }

  /** Runs a command whose success is a known line on stdout (ipmitool may exit 0 on failure). */
  async function command(action: string, args: string[], success: RegExp): Promise<IpmitoolResult> {
    const result = await tool.run(action, args);
    if (!success.test(result.stdout)) throw tool.failure(action, result, `unexpected answer "${result.stdout.trim().slice(0, 80)}"`);
    return result;
  }

  const powerState = () => query("power status", ["chassis", "power", "status"], parsePowerStatus);
  const powerControl = (verb: "on" | "off" | "reset" | "cycle") =>
    command(`power ${verb}`, ["chassis", "power", verb], /^Chassis Power Control: /m);

  /** Settles (lib/bmc/settle.ts): one waiter, so one deadline, per power action. */
  const waiter = (what: string) => new PowerWaiter(powerState, {
    settleMs: conn.settleMs ?? DEFAULT_SETTLE_MS, deadlineMs: conn.powerDeadlineMs ?? DEFAULT_POWER_DEADLINE_MS, pollMs: POWER_POLL_MS,
  }, `power ${what}`);

  async function setPower(target: PowerState): Promise<void> {
    const w = waiter(target);
    if ((await w.stable()) === target) return;
    await powerControl(target);
    await w.reach(target);
  }

  async function restart(verb: "reset" | "cycle", hooks: RestartHooks = {}): Promise<void> {
    const w = waiter(verb);
    // IPMI leaves a cycle of an off chassis undefined (often 0xD5): power it on instead.
    const control = (await w.stable()) === "off" ? "on" : verb;
    await hooks.beforeSend?.();
    await powerControl(control);
    await w.reach("on");
  }

  async function optional<T>(read: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (err instanceof BmcError && OPTIONAL.has(err.kind)) return fallback;
      throw err;
    }
  }

  async function setIdentify(on: boolean): Promise<void> {
    if (!on) {
      await command("identify off", ["chassis", "identify", "0"], /identify interval: off/);
      return;
    }
    try {
      await command("identify on", ["chassis", "identify", "force"], /identify interval: indefinite/);
    } catch (err) {
      if (!(err instanceof BmcError && err.kind === "rejected")) throw err;
      await command("identify on", ["chassis", "identify", "255"], /identify interval: 255 seconds/);
    }
  }

  async function readInfo() {
    const status = await query("chassis status", ["raw", "0x00", "0x01"], parseChassisStatusRaw);
    const mc = await query("mc info", ["mc", "info"], parseMcInfo);
    const noFru: FruInfo = { manufacturer: "", model: "", serial: "" };
    const fru = await optional(() => query("fru print", ["fru", "print", "0"], parseFruPrint), noFru);
    const biosVersion = await optional(async () => {
      const r = await tool.run("system firmware version", ["mc", "getsysinfo", "system_fw_version"]);
      // Exits 0 when the BMC rejects the parameter; the reason is on stderr.
      return /command failed|parameter not supported/i.test(r.stderr) ? "" : parseSystemFirmwareVersion(r.stdout);
    }, "");
    const powerWatts = await optional(() => query("power reading", ["dcmi", "power", "reading"], parseDcmiPowerReading), null);
    // Not verbose: -v turns the sensor table into multi-line records.
    const powerSupplies = await optional(() => query("power supplies", ["sdr", "type", "Power Supply"], parsePowerSupplies, { verbose: false }), []);
    return {
      powerState: status.powerState,
      identifyOn: status.identifyOn,
      manufacturer: fru.manufacturer || mc.manufacturer,
      model: fru.model,
      serial: fru.serial,
      firmwareVersion: mc.firmwareVersion,
      biosVersion,
      powerWatts,
      powerSupplies,
    };
  }

  return {
    powerOn: () => setPower("on"),
    powerOff: () => setPower("off"),
    reset: (hooks) => restart("reset", hooks),
    cycle: (hooks) => restart("cycle", hooks),
    powerState,
    async setBootDevice(dev: BootDevice, persistent: boolean) {
      const device = BOOTDEV[dev];
      if (!device) throw new BmcError("rejected", `boot device: unknown device "${String(dev)}" (pxe, disk or bios)`);
      // ipmitool's options set boot flags byte 1: 0x80 valid, 0x40 persistent, 0x20 EFI, so UEFI
      // is 0xA0 for the next boot and 0xE0 persistently (checked against ipmi_sim with -vvvv).
      const options = [...(bootMode === "uefi" ? ["efiboot"] : []), ...(persistent ? ["persistent"] : [])];
      const args = ["chassis", "bootdev", device, ...(options.length ? [`options=${options.join(",")}`] : [])];
      await command(`boot device ${dev}`, args, /^Set Boot Device to /m);
    },
    setIdentify,
    readInfo,
  };
}
