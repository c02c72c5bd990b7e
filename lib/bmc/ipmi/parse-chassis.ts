import type { PowerState } from "../driver";
import { ParseError } from "./parse-inventory";

/** `chassis power status` → "Chassis Power is on|off". */
export function parsePowerStatus(text: string): PowerState {
  const match = /^Chassis Power is (on|off)\s*$/m.exec(text);
  if (!match) throw new ParseError(`chassis power status: expected "Chassis Power is on|off", got ${quote(text)}`);
  return match[1] as PowerState;
}

/** `raw …` prints the response data bytes as hex pairs, 16 per line. */
export function parseRawBytes(text: string): number[] {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || !tokens.every((t) => /^[0-9a-fA-F]{2}$/.test(t))) {
    throw new ParseError(`raw response: expected hex bytes, got ${quote(text)}`);
  }
  return tokens.map((t) => parseInt(t, 16));
}

export type ChassisStatus = { powerState: PowerState; identifyOn: boolean | null };

/**
 * Get Chassis Status (`raw 0x00 0x01`, IPMI 2.0 §28.2). ipmitool's own `chassis status` does
 * not print the identify state, so the driver asks raw and decodes it here:
 * byte 1 bit 0 = power on; byte 3 bit 6 = "identify state supported", bits 5:4 = off /
 * temporary on / indefinite on. A BMC that does not set bit 6 cannot tell → null.
 */
export function parseChassisStatusRaw(text: string): ChassisStatus {
  const bytes = parseRawBytes(text);
  if (bytes.length < 3) throw new ParseError(`Get Chassis Status: expected at least 3 bytes, got ${bytes.length}`);
  const misc = bytes[2];
  const identifyOn = misc & 0x40 ? ((misc >> 4) & 0x3) !== 0 : null;
  return { powerState: bytes[0] & 0x1 ? "on" : "off", identifyOn };
}

function quote(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? "";
  return line ? `"${line.slice(0, 80)}"` : "nothing";
}
