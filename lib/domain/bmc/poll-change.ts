import type { BmcInfo } from "@/lib/bmc/driver";

/**
 * Whether a poll changes what the BMC panel shows, so the machine's channel is notified only
 * then. Power draw moves a little on every poll of real hardware; it counts only when it
 * appears or disappears, or the stream would carry every poll of every BMC. (The panel's
 * fallback refetch still brings the current number.)
 */
export type PollBefore = { info: BmcInfo | null; lastPollError: string | null; outdated: boolean };

export function pollChangesPanel(before: PollBefore, info: BmcInfo | null, error: string | null): boolean {
  if (!info) return before.lastPollError !== error;
  if (before.outdated || before.lastPollError !== null || !before.info) return true;
  return panelKey(before.info) !== panelKey(info);
}

/** The readings the panel shows, in a fixed order (jsonb hands keys back in its own order). */
function panelKey(i: BmcInfo): string {
  return JSON.stringify([
    i.powerState, i.identifyOn, i.manufacturer, i.model, i.serial, i.firmwareVersion, i.biosVersion,
    i.powerWatts === null, i.powerSupplies.map((p) => [p.name, p.health, p.state]),
  ]);
}
