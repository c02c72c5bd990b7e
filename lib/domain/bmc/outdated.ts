/** No successful poll for this long raises "BMC info outdated" (the panel and the issues view). */
export const BMC_OUTDATED_AFTER_MS = 20 * 60_000;

/** A BMC never read successfully counts from when it was added. */
export function isBmcOutdated(lastPollOkAt: Date | null, createdAt: Date, now: Date): boolean {
  return now.getTime() - (lastPollOkAt ?? createdAt).getTime() > BMC_OUTDATED_AFTER_MS;
}
