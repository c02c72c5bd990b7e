"use client";

import type { PartitionDto } from "@/lib/contracts/catalog";
import { CatalogAdminList } from "./admin-list";
import { partitionKeys } from "./keys";
import { PartitionForm } from "./partition-form";
import { PartitionTable } from "./partition-table";

/** Admin console: partitions (a data centre or a room of one), their PXE boot and infrastructure services. */
export function PartitionsAdminPage({ canEdit }: { canEdit: boolean }) {
  return (
    <CatalogAdminList<PartitionDto>
      title="Partitions"
      description="A partition is a failure domain: a data centre or a room, with its own boot images, DNS and NTP."
      noun="partition"
      path="/api/v1/partitions"
      listKey={partitionKeys.list}
      canEdit={canEdit}
      emptyBody="Create the first partition to describe where machines live."
      form={(close) => <PartitionForm onDone={close} />}
      table={(items) => <PartitionTable partitions={items} canEdit={canEdit} />}
    />
  );
}
