"use client";

import type { FilesystemLayoutDto } from "@/lib/contracts/catalog";
import { CatalogAdminList } from "./admin-list";
import { layoutKeys } from "./keys";
import { LayoutForm } from "./layout-form";
import { LayoutTable } from "./layout-table";
import { LayoutTry } from "./layout-try";

/** Admin console: how disks are partitioned and formatted, chosen per size and image. */
export function LayoutsAdminPage({ canEdit }: { canEdit: boolean }) {
  return (
    <CatalogAdminList<FilesystemLayoutDto>
      title="Filesystem layouts"
      description="How a machine's disks are partitioned, mirrored and formatted. A machine gets the one layout whose constraints list its size and its image's version."
      noun="layout"
      path="/api/v1/filesystem-layouts"
      listKey={layoutKeys.list}
      canEdit={canEdit}
      emptyBody="Create a layout so machines can be installed."
      form={(close) => <LayoutForm onDone={close} />}
      table={(items) => <LayoutTable layouts={items} canEdit={canEdit} />}
    >
      <LayoutTry />
    </CatalogAdminList>
  );
}
