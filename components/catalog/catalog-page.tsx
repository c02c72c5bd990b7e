"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { ImageDto, PartitionDto, SizeDto } from "@/lib/contracts/catalog";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { useAvailability } from "./capacity-bars";
import { ClassificationBadge, ExpiryNote } from "./image-badges";
import { imageKeys, listUrl, partitionKeys, sizeKeys } from "./keys";
import { describeConstraint } from "./units";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/ui/data-table";
import { Badge } from "./ui";

function Section<T>({ id, title, description, path, queryKey, empty, children }: {
  id: string;
  title: string;
  description: string;
  path: string;
  queryKey: readonly unknown[];
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  const list = useQuery({ queryKey, queryFn: () => apiFetch<Page<T>>(listUrl(path)) });
  return (
    <section aria-labelledby={id} className="mb-8">
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      <p className="mb-3 text-sm text-slate-600">{description}</p>
      {list.isPending ? <Loading />
        : list.isError ? <ErrorState error={list.error} retry={() => list.refetch()} />
        : list.data.items.length === 0 ? <EmptyState title={empty} />
        : children(list.data.items)}
    </section>
  );
}

function Name({ id, name, description }: { id: string; name: string; description: string }) {
  return (
    <>
      <div className="font-mono font-medium">{id}</div>
      {name && <div>{name}</div>}
      {description && <div className="text-slate-600">{description}</div>}
    </>
  );
}

/** Sizes with what can be allocated now: the free machines of each size over all partitions. */
function SizeTable({ sizes }: { sizes: SizeDto[] }) {
  const partitions = useQuery({ queryKey: partitionKeys.list(), queryFn: () => apiFetch<Page<PartitionDto>>(listUrl("/api/v1/partitions")) });
  const available = useAvailability(partitions.data?.items.map((p) => p.id) ?? []);
  return (
    <DataTable caption="Sizes" data={sizes} columns={[
      { id: "size", header: "Size", cell: ({ row }) => <Name {...row.original} /> },
      { id: "hardware", header: "Hardware", cell: ({ row }) => <ul>{row.original.constraints.map((c, i) => <li key={i}>{describeConstraint(c)}</li>)}</ul> },
      {
        id: "available", header: "Available now", meta: { className: "whitespace-nowrap" },
        cell: ({ row }) => {
          const n = partitions.data ? available?.get(row.original.id) ?? (available ? 0 : null) : null;
          return <span data-testid="size-available">{n === null ? <span className="text-slate-600">…</span> : n > 0 ? <Badge tone="green">{n} free</Badge> : <Badge tone="slate">none free</Badge>}</span>;
        },
      },
    ] satisfies ColumnDef<SizeDto, unknown>[]} />
  );
}

const imageColumns: ColumnDef<ImageDto, unknown>[] = [
  { id: "image", header: "Image", cell: ({ row }) => <Name {...row.original} /> },
  { id: "classification", header: "Classification", cell: ({ row }) => <ClassificationBadge classification={row.original.classification} /> },
  { id: "for", header: "For", cell: ({ row }) => <div className="flex gap-1">{row.original.features.map((f) => <Badge key={f}>{f}</Badge>)}</div> },
  { id: "until", header: "Available until", meta: { className: "whitespace-nowrap" }, cell: ({ row }) => <ExpiryNote image={row.original} /> },
];

/** Tenant portal: where machines can run, which hardware classes exist and what can be installed. Read-only. */
export function CatalogPage() {
  return (
    <>
      <PageHeader title="Catalog" description="What you can allocate: partitions, machine sizes and operating system images." />
      <Section<PartitionDto> id="catalog-partitions" title="Partitions" description="Data centres and rooms machines live in." path="/api/v1/partitions" queryKey={partitionKeys.list()} empty="No partitions yet">
        {(items) => (
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((p) => (
              <li key={p.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"><Name {...p} /></li>
            ))}
          </ul>
        )}
      </Section>
      <Section<SizeDto> id="catalog-sizes" title="Sizes" description="Machine classes, by the hardware a machine of this size has." path="/api/v1/sizes" queryKey={sizeKeys.list()} empty="No sizes yet">
        {(items) => (
          <SizeTable sizes={items} />
        )}
      </Section>
      <Section<ImageDto> id="catalog-images" title="Images" description={'Operating systems you can install. Ask for "ubuntu-24.04" to get the newest build of 24.04.'} path="/api/v1/images" queryKey={imageKeys.list()} empty="No images yet">
        {(items) => {
          const usable = items.filter((img) => !img.expired);
          return usable.length === 0 ? <EmptyState title="No usable images" body="Every image has expired; ask an operator for a current one." /> : (
            <DataTable caption="Images" data={usable} columns={imageColumns} />
          );
        }}
      </Section>
    </>
  );
}
