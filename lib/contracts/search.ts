import { z } from "zod";
import { text } from "@/lib/domain/text";

/** ⌘K search: one box over hostnames, IPs, machine ids, networks and projects the caller may read. */
export const searchQuery = z.object({ q: text().trim().min(2, "needs at least 2 characters").max(100) });
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchHitDto = z.object({
  kind: z.enum(["machine", "ip", "network", "project"]),
  id: text(),
  /** What the user recognises: hostname, address, network or project name. */
  label: text(),
  /** A second line: machine id, the IP's machine, the project's tenant. */
  detail: text(),
  /** For an IP in use, the machine it belongs to. */
  machineId: text().nullable(),
});
export const searchResultDto = z.object({ items: z.array(searchHitDto) });
export type SearchHitDto = z.infer<typeof searchHitDto>;
