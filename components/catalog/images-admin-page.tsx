"use client";

import type { ImageDto } from "@/lib/contracts/catalog";
import { CatalogAdminList } from "./admin-list";
import { ImageForm } from "./image-form";
import { ImageTable } from "./image-table";
import { imageKeys } from "./keys";

/** Admin console: operating system images machines and firewalls can be installed with. */
export function ImagesAdminPage({ canEdit }: { canEdit: boolean }) {
  return (
    <CatalogAdminList<ImageDto>
      title="Images"
      description={'Operating system images. "ubuntu-24.04" resolves to the newest build of 24.04; expired images cannot be chosen for new machines.'}
      noun="image"
      path="/api/v1/images"
      listKey={imageKeys.list}
      canEdit={canEdit}
      emptyBody="Add the first image machines can be installed with."
      form={(close) => <ImageForm onDone={close} />}
      table={(items) => <ImageTable images={items} canEdit={canEdit} />}
    />
  );
}
