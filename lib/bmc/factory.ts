import type { BmcConnection, BmcDriver } from "./driver";
import { createIpmiDriver } from "./ipmi";
import { closeRedfishSessions, leaseRedfishDriver } from "./redfish/pool";

/**
 * The driver for a BMC's protocol, as workers use it: `close` ends the caller's use. Redfish
 * drivers are leased from the per-process session pool (redfish/pool.ts), so the commands and
 * polls of one BMC share one session instead of logging in and out every time.
 */
export type DriverFactory = (conn: BmcConnection) => BmcDriver & { close?: () => Promise<void> };

export const createBmcDriver: DriverFactory = (conn) => (conn.protocol === "ipmi" ? createIpmiDriver(conn) : leaseRedfishDriver(conn));

/** Logs out of every BMC session this process holds (worker shutdown). */
export const closeBmcSessions = closeRedfishSessions;
