export { createIpmiDriver, type IpmiDriverOptions } from "./ipmi-driver";
