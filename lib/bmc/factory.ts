import { BmcError, type BmcConnection, type BmcDriver } from "./driver";
import { createRedfishDriver } from "./redfish";

/** The driver for a BMC's protocol; `close` ends a session where the protocol has one. */
export type DriverFactory = (conn: BmcConnection) => BmcDriver & { close?: () => Promise<void> };

export const createBmcDriver: DriverFactory = (conn) => {
  if (conn.protocol === "redfish") return createRedfishDriver(conn);
  throw new BmcError("unsupported", `no ${conn.protocol} driver yet`);
};
