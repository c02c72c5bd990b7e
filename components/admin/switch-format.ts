import type { SwitchDto } from "@/lib/contracts/switches";

/** The last sync's age, coloured (FABRIC §6): green within 1 min, amber up to 5, red beyond or never. */
export function syncTone(s: Pick<SwitchDto, "lastSync" | "issues">, now: number): "green" | "amber" | "red" {
  if (!s.lastSync || s.issues.includes("syncFailed")) return "red";
  const age = now - Date.parse(s.lastSync.time);
  return age <= 60_000 ? "green" : age <= 300_000 ? "amber" : "red";
}

export const issueLabels: Record<SwitchDto["issues"][number], string> = {
  notSynced: "not synced for over a minute",
  syncFailed: "last sync failed",
};
