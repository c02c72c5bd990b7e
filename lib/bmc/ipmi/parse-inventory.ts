import { firstMeaningful, parseColonFields } from "./fields";

/**
 * Inventory answers: `mc info` (the BMC itself), `fru print 0` (the server's builtin FRU) and
 * `mc getsysinfo system_fw_version` (the BIOS version the host firmware told the BMC at POST).
 * Each returns null or throws a ParseError when the text is not what ipmitool prints, so the
 * driver can report "malformed" with what was wrong.
 */
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParseError";
  }
}

export type McInfo = { firmwareVersion: string; manufacturer: string };

export function parseMcInfo(text: string): McInfo {
  const fields = parseColonFields(text);
  const firmwareVersion = fields.get("Firmware Revision") ?? "";
  if (!firmwareVersion) throw new ParseError("mc info: no \"Firmware Revision\" line");
  // ipmitool prints "Unknown (0x1234)" for manufacturer IDs it does not know.
  const name = fields.get("Manufacturer Name") ?? "";
  return { firmwareVersion, manufacturer: name.startsWith("Unknown") ? "" : name };
}

export type FruInfo = { manufacturer: string; model: string; serial: string };

/**
 * The builtin FRU (device 0). Product area first, board area as fallback: Dell fills both,
 * some Dell boards only the board area plus the product serial, Supermicro often leaves the
 * product name as "NONE" / "Super Server" and puts the model in the product part number.
 * The serial is the product (service tag), else the chassis, else the board serial.
 */
export function parseFruPrint(text: string): FruInfo {
  const fields = parseColonFields(text);
  return {
    manufacturer: firstMeaningful(fields, ["Product Manufacturer", "Board Mfg"]),
    model: firstMeaningful(fields, ["Product Name", "Product Part Number", "Board Product", "Board Part Number"]),
    serial: firstMeaningful(fields, ["Product Serial", "Chassis Serial", "Board Serial"]),
  };
}

/** `mc getsysinfo system_fw_version` prints the string (NUL-padded by some BMCs) on stdout. */
export function parseSystemFirmwareVersion(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]+/g, " ").trim();
}
