"use client";

import type { ReactNode } from "react";
import type { MachineDto } from "@/lib/contracts/machines";
import { PagedList } from "@/components/ui/paged-list";
import type { ListParams } from "@/components/ui/pager";
import type { useMachinePage } from "./use-machines";

/** Loading, error and empty states, the table, and numbered pages under it. */
export function PagedMachineList({ pages, list, empty, children }: {
  pages: ReturnType<typeof useMachinePage>;
  list: ListParams;
  empty: { title: string; body?: string; action?: ReactNode };
  children: (machines: MachineDto[]) => ReactNode;
}) {
  return <PagedList query={pages.query} items={pages.machines} total={pages.total} list={list} empty={empty} noun={["machine", "machines"]}>{children}</PagedList>;
}
