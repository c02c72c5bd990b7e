import { SimPowerDriver } from "../sim-power";

/** For BMC tests: a lab chassis whose "machine" records each boot and runs until powered off. */
export function recordingChassis() {
  const boots: string[] = [];
  const sim = new SimPowerDriver((device, signal) => {
    boots.push(device);
    return new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  });
  return { sim, boots };
}

export const testBmcInfo = {
  manufacturer: "Lab Systems",
  model: "LS-1U",
  serial: "LAB0001",
  firmwareVersion: "2.14.0",
  biosVersion: "1.8.2",
};
