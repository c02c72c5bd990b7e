/**
 * A FRU inventory image (IPMI Platform Management FRU Information Storage Definition v1.0):
 * common header + chassis, board and product info areas. Every area is a multiple of 8 bytes
 * and ends with a zero checksum (all its bytes sum to 0 mod 256); text fields are type/length
 * bytes 0xC0|len followed by 8-bit ASCII, and 0xC1 ends the field list. ipmi_sim serves it as
 * FRU device 0, so `ipmitool fru print 0` shows what a real server's BMC shows.
 */
export type FruFields = {
  manufacturer: string;
  product: string;
  serial: string;
  partNumber?: string;
  version?: string;
  boardProduct?: string;
  boardSerial?: string;
};

const END_OF_FIELDS = 0xc1;
const RACK_MOUNT_CHASSIS = 0x17;

/** One 8-bit ASCII field. A 1-character field would encode as 0xC1 (end of fields), so it is padded. */
export function fruField(value: string): Buffer {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new Error(`FRU field "${value}": printable ASCII only`);
  if (value.length > 63) throw new Error(`FRU field "${value}": at most 63 characters`);
  const text = value.length === 1 ? `${value} ` : value;
  return Buffer.concat([Buffer.from([0xc0 | text.length]), Buffer.from(text, "latin1")]);
}

export function zeroChecksum(bytes: Uint8Array): number {
  return (0x100 - (bytes.reduce((sum, b) => sum + b, 0) % 0x100)) % 0x100;
}

/** version, length/8, head bytes, fields, 0xC1, zero padding, checksum. */
function area(head: number[], fields: string[]): Buffer {
  const body = Buffer.concat([Buffer.from([0x01, 0, ...head]), ...fields.map(fruField), Buffer.from([END_OF_FIELDS])]);
  const length = Math.ceil((body.length + 1) / 8) * 8;
  const out = Buffer.alloc(length);
  body.copy(out);
  out[1] = length / 8;
  out[length - 1] = zeroChecksum(out.subarray(0, length - 1));
  return out;
}

export function encodeFru(f: FruFields): Buffer {
  const chassis = area([RACK_MOUNT_CHASSIS], [f.partNumber ?? "", f.serial]);
  // Board: language 0 (English), manufacturing date 0 ("Unspecified").
  const board = area([0, 0, 0, 0], [f.manufacturer, f.boardProduct ?? `${f.product} Board`, f.boardSerial ?? "", "", ""]);
  const product = area([0], [f.manufacturer, f.product, f.partNumber ?? "", f.version ?? "", f.serial, "", ""]);
  const chassisOffset = 1;
  const boardOffset = chassisOffset + chassis.length / 8;
  const productOffset = boardOffset + board.length / 8;
  const header = Buffer.from([0x01, 0, chassisOffset, boardOffset, productOffset, 0, 0, 0]);
  header[7] = zeroChecksum(header.subarray(0, 7));
  return Buffer.concat([header, chassis, board, product]);
}
