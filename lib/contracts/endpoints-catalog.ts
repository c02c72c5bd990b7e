import { text } from "@/lib/domain/text";
import { defineEndpoint } from "@/lib/http/endpoint";
import { pageSchema } from "@/lib/http/pagination";
import * as c from "./catalog";
import { idParam } from "./common";

/** Catalog endpoints: reads for every authenticated caller (the tenant catalog), writes for operators. */
export const catalogEndpoints = {
  listPartitions: defineEndpoint({ method: "GET", path: "/api/v1/partitions", tag: "partitions", summary: "List partitions", auth: "user", query: c.catalogListQuery, response: pageSchema(c.partitionDto) }),
  createPartition: defineEndpoint({ method: "POST", path: "/api/v1/partitions", tag: "partitions", summary: "Create a partition (operators)", auth: "user", body: c.createPartitionInput, response: c.partitionDto, status: 201 }),
  getPartition: defineEndpoint({ method: "GET", path: "/api/v1/partitions/{id}", tag: "partitions", summary: "Get a partition", auth: "user", params: idParam, response: c.partitionDto }),
  updatePartition: defineEndpoint({ method: "PATCH", path: "/api/v1/partitions/{id}", tag: "partitions", summary: "Update a partition (operators)", auth: "user", params: idParam, body: c.updatePartitionInput, response: c.partitionDto }),
  deletePartition: defineEndpoint({ method: "DELETE", path: "/api/v1/partitions/{id}", tag: "partitions", summary: "Delete a partition without machines (operators)", auth: "user", params: idParam, status: 204 }),
  partitionCapacity: defineEndpoint({ method: "GET", path: "/api/v1/partitions/{id}/capacity", tag: "partitions", summary: "Machine capacity per size", auth: "user", params: idParam, response: c.partitionCapacityDto }),

  listSizes: defineEndpoint({ method: "GET", path: "/api/v1/sizes", tag: "sizes", summary: "List sizes", auth: "user", query: c.catalogListQuery, response: pageSchema(c.sizeDto) }),
  createSize: defineEndpoint({ method: "POST", path: "/api/v1/sizes", tag: "sizes", summary: "Create a size (operators); overlapping sizes are refused", auth: "user", body: c.createSizeInput, response: c.sizeDto, status: 201 }),
  suggestSize: defineEndpoint({ method: "POST", path: "/api/v1/sizes/suggest", tag: "sizes", summary: "Match hardware against the sizes and propose constraints", auth: "user", body: c.suggestSizeInput, response: c.sizeSuggestionDto }),
  getSize: defineEndpoint({ method: "GET", path: "/api/v1/sizes/{id}", tag: "sizes", summary: "Get a size", auth: "user", params: idParam, response: c.sizeDto }),
  updateSize: defineEndpoint({ method: "PATCH", path: "/api/v1/sizes/{id}", tag: "sizes", summary: "Update a size (operators)", auth: "user", params: idParam, body: c.updateSizeInput, response: c.sizeDto }),
  deleteSize: defineEndpoint({ method: "DELETE", path: "/api/v1/sizes/{id}", tag: "sizes", summary: "Delete a size no machine or reservation uses (operators)", auth: "user", params: idParam, status: 204 }),

  listImages: defineEndpoint({ method: "GET", path: "/api/v1/images", tag: "images", summary: "List images, or resolve one (?resolve=ubuntu-24.04)", auth: "user", query: c.listImagesQuery, response: pageSchema(c.imageDto) }),
  createImage: defineEndpoint({ method: "POST", path: "/api/v1/images", tag: "images", summary: "Create an image (operators)", auth: "user", body: c.createImageInput, response: c.imageDto, status: 201 }),
  getImage: defineEndpoint({ method: "GET", path: "/api/v1/images/{id}", tag: "images", summary: "Get an image", auth: "user", params: idParam, response: c.imageDto }),
  updateImage: defineEndpoint({ method: "PATCH", path: "/api/v1/images/{id}", tag: "images", summary: "Update an image (operators)", auth: "user", params: idParam, body: c.updateImageInput, response: c.imageDto }),
  deleteImage: defineEndpoint({ method: "DELETE", path: "/api/v1/images/{id}", tag: "images", summary: "Delete an image no machine uses (operators)", auth: "user", params: idParam, status: 204 }),

  listLayouts: defineEndpoint({ method: "GET", path: "/api/v1/filesystem-layouts", tag: "filesystem-layouts", summary: "List filesystem layouts", auth: "user", query: c.catalogListQuery, response: pageSchema(c.filesystemLayoutDto) }),
  createLayout: defineEndpoint({ method: "POST", path: "/api/v1/filesystem-layouts", tag: "filesystem-layouts", summary: "Create a filesystem layout (operators)", auth: "user", body: c.createFilesystemLayoutInput, response: c.filesystemLayoutDto, status: 201 }),
  tryLayout: defineEndpoint({ method: "POST", path: "/api/v1/filesystem-layouts/try", tag: "filesystem-layouts", summary: "Which layout would be chosen for a size and an image", auth: "user", body: c.tryLayoutInput, response: c.tryLayoutDto }),
  getLayout: defineEndpoint({ method: "GET", path: "/api/v1/filesystem-layouts/{id}", tag: "filesystem-layouts", summary: "Get a filesystem layout", auth: "user", params: idParam, response: c.filesystemLayoutDto }),
  updateLayout: defineEndpoint({ method: "PUT", path: "/api/v1/filesystem-layouts/{id}", tag: "filesystem-layouts", summary: "Replace a filesystem layout (operators)", auth: "user", params: idParam, body: c.updateFilesystemLayoutInput, response: c.filesystemLayoutDto }),
  deleteLayout: defineEndpoint({ method: "DELETE", path: "/api/v1/filesystem-layouts/{id}", tag: "filesystem-layouts", summary: "Delete a filesystem layout no machine uses (operators)", auth: "user", params: idParam, status: 204 }),

  listReservations: defineEndpoint({ method: "GET", path: "/api/v1/size-reservations", tag: "size-reservations", summary: "List size reservations (operators: all; members: their projects')", auth: "user", query: c.catalogListQuery.extend({ projectId: text().max(100).optional() }), response: pageSchema(c.sizeReservationDto) }),
  createReservation: defineEndpoint({ method: "POST", path: "/api/v1/size-reservations", tag: "size-reservations", summary: "Reserve capacity for a project (operators)", auth: "user", body: c.createSizeReservationInput, response: c.sizeReservationDto, status: 201 }),
  getReservation: defineEndpoint({ method: "GET", path: "/api/v1/size-reservations/{id}", tag: "size-reservations", summary: "Get a size reservation", auth: "user", params: idParam, response: c.sizeReservationDto }),
  updateReservation: defineEndpoint({ method: "PATCH", path: "/api/v1/size-reservations/{id}", tag: "size-reservations", summary: "Update a size reservation (operators)", auth: "user", params: idParam, body: c.updateSizeReservationInput, response: c.sizeReservationDto }),
  deleteReservation: defineEndpoint({ method: "DELETE", path: "/api/v1/size-reservations/{id}", tag: "size-reservations", summary: "Delete a size reservation (operators)", auth: "user", params: idParam, status: 204 }),

  listSizeImageConstraints: defineEndpoint({ method: "GET", path: "/api/v1/size-image-constraints", tag: "sizes", summary: "List size–image constraints", auth: "user", query: c.catalogListQuery, response: pageSchema(c.sizeImageConstraintDto) }),
  getSizeImageConstraint: defineEndpoint({ method: "GET", path: "/api/v1/size-image-constraints/{id}", tag: "sizes", summary: "Get the image constraint of a size", auth: "user", params: idParam, response: c.sizeImageConstraintDto }),
  putSizeImageConstraint: defineEndpoint({ method: "PUT", path: "/api/v1/size-image-constraints/{id}", tag: "sizes", summary: "Set which image versions a size accepts (operators)", auth: "user", params: idParam, body: c.putSizeImageConstraintInput, response: c.sizeImageConstraintDto }),
  deleteSizeImageConstraint: defineEndpoint({ method: "DELETE", path: "/api/v1/size-image-constraints/{id}", tag: "sizes", summary: "Remove a size's image constraint (operators)", auth: "user", params: idParam, status: 204 }),
};
