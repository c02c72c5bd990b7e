import type { IpDto, NetworkDto } from "@/lib/contracts/networks";

const networkKindStyle: Record<NetworkDto["kind"], string> = {
  private: "bg-brand-50 text-brand-700",
  "private-shared": "bg-teal-50 text-teal-800",
  external: "bg-amber-50 text-amber-800",
  super: "bg-violet-50 text-violet-800",
  "super-namespaced": "bg-violet-50 text-violet-800",
  underlay: "bg-slate-200 text-slate-700",
};

export function NetworkKindBadge({ kind }: { kind: NetworkDto["kind"] }) {
  return <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${networkKindStyle[kind]}`}>{kind}</span>;
}

export function IpKindBadge({ kind }: { kind: IpDto["kind"] }) {
  const style = kind === "static" ? "bg-green-100 text-green-800" : "bg-slate-100 text-slate-700";
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${style}`} data-testid="ip-kind">{kind}</span>;
}
