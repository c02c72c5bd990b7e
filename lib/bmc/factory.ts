import type { BmcConnection, BmcDriver } from "./driver";
import { createIpmiDriver } from "./ipmi";
import { createRedfishDriver } from "./redfish";

/** The driver for a BMC's protocol; `close` ends a session where the protocol has one (Redfish). */
export type DriverFactory = (conn: BmcConnection) => BmcDriver & { close?: () => Promise<void> };

export const createBmcDriver: DriverFactory = (conn) => (conn.protocol === "ipmi" ? createIpmiDriver(conn) : createRedfishDriver(conn));
