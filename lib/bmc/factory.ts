import { BmcError, type BmcConnection, type BmcDriver } from "./driver";

/** The driver for a BMC's protocol; `close` ends a session where the protocol has one. */
export type DriverFactory = (conn: BmcConnection) => BmcDriver & { close?: () => Promise<void> };

// Replaced by the IPMI and Redfish drivers when their branches land (this session).
export const createBmcDriver: DriverFactory = (conn) => {
  throw new BmcError("unsupported", `no ${conn.protocol} driver yet`);
};
