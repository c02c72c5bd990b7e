import type { Role } from "@/lib/auth/grants";

export const quotaKinds = [
  { key: "machines", label: "Machines" },
  { key: "ips", label: "IP addresses" },
  { key: "networks", label: "Networks" },
] as const;

export type QuotaKey = (typeof quotaKinds)[number]["key"];
export type QuotaValues = Partial<Record<QuotaKey, number | null>>;

/** An empty quota input means "unlimited" (null); anything else goes to the schema as a number. */
export function quotaFrom(form: FormData, name: QuotaKey): number | null {
  const raw = String(form.get(name) ?? "").trim();
  return raw === "" ? null : Number(raw);
}

export function quotasFrom(form: FormData): Record<QuotaKey, number | null> {
  return { machines: quotaFrom(form, "machines"), ips: quotaFrom(form, "ips"), networks: quotaFrom(form, "networks") };
}

/** The three group inputs, weakest first, so a group named twice keeps the stronger role. */
export const groupInputs = [
  { role: "viewer", name: "viewerGroups", label: "Viewer group" },
  { role: "editor", name: "editorGroups", label: "Editor group" },
  { role: "owner", name: "ownerGroups", label: "Owner group" },
] as const satisfies readonly { role: Role; name: string; label: string }[];

/** "a, b" → {a: role, b: role}: each input may name several IdP groups, comma-separated. */
export function groupRolesFrom(form: FormData): Record<string, Role> {
  const out: Record<string, Role> = {};
  for (const input of groupInputs) {
    for (const group of String(form.get(input.name) ?? "").split(",").map((g) => g.trim()).filter(Boolean)) out[group] = input.role;
  }
  return out;
}

export function groupsWithRole(groupRoles: Record<string, Role>, role: Role): string {
  return Object.entries(groupRoles).filter(([, r]) => r === role).map(([g]) => g).join(", ");
}
