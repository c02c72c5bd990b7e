"use client";

import type { SizeDto } from "@/lib/contracts/catalog";
import { CatalogAdminList } from "./admin-list";
import { sizeKeys } from "./keys";
import { SizeForm } from "./size-form";
import { SizeTable } from "./size-table";

/** Admin console: sizes, the hardware classes machines are sorted into by what they report. */
export function SizesAdminPage({ canEdit }: { canEdit: boolean }) {
  return (
    <CatalogAdminList<SizeDto>
      title="Sizes"
      description="A size is a hardware class. Machines get their size from the hardware they report; sizes must not overlap."
      noun="size"
      path="/api/v1/sizes"
      listKey={sizeKeys.list}
      canEdit={canEdit}
      emptyBody="Describe your first hardware class by its cores, memory and storage."
      form={(close) => <SizeForm onDone={close} />}
      table={(items) => <SizeTable sizes={items} canEdit={canEdit} />}
    />
  );
}
