import type { paths } from "./generated/schema";

type Json<T> = T extends { content: { "application/json": infer D } } ? D : never;

/** The JSON body an endpoint accepts, e.g. ApiBody<"/api/v1/tokens", "post">. */
export type ApiBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The JSON an endpoint answers with on success, e.g. ApiResponse<"/api/v1/machines/{id}", "get">. */
export type ApiResponse<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? Json<R[Extract<keyof R, 200 | 201 | 202>]>
  : never;
