export * from "./types";
export * from "./vlans";
export * from "./connections";
export * from "./desired";
export * from "./render-leaf";
export * from "./render-host";
export * from "./render-ports";
export * from "./port-names";
export { rackFromNeighbours, rackFromSwitchName } from "./rack";
