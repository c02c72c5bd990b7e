/**
 * The catalog domain: sizes (hardware classes), OS images and filesystem layouts.
 * Pure functions only; services load the rows and call these.
 */
export * from "./field-error";
export * from "./glob";
export * from "./size";
export * from "./image";
export * from "./filesystem-layout";
export * from "./schemas";
