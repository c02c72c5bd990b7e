/** The Redfish BMC driver: `createRedfishDriver(conn)` (driver.ts); see lib/bmc/driver.ts for the contract. */
export { createRedfishDriver, type RedfishDriver } from "./driver";
export { parseRedfishAddress } from "./address";
