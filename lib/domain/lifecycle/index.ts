/**
 * The machine lifecycle, pure: provisioning events and states, the transition table and the
 * reducer that applies an event, liveliness and resurrection, transitional-state timeouts and
 * rack-spreading placement. Services load the rows, call these, and save what they return.
 */
export * from "./events";
export * from "./container";
export * from "./fsm";
export * from "./liveliness";
export * from "./timeouts";
export * from "./placement";
export { formatDuration } from "./duration";
