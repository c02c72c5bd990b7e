import { describe, expect, it } from "vitest";
import { encodeFru, fruField, zeroChecksum } from "./fru";

const sum = (bytes: Uint8Array) => bytes.reduce((s, b) => s + b, 0) % 256;

/** The text fields of the area at byte offset `at` (header bytes `skip` long), up to 0xC1. */
function fields(image: Buffer, at: number, skip: number): string[] {
  const out: string[] = [];
  let i = at + skip;
  while (image[i] !== 0xc1) {
    const len = image[i] & 0x3f;
    out.push(image.subarray(i + 1, i + 1 + len).toString("latin1"));
    i += 1 + len;
  }
  return out;
}

describe("FRU image", () => {
  const image = encodeFru({ manufacturer: "Lab Systems", product: "LS-2000", serial: "LAB-0001", partNumber: "LS2000-A" });

  it("has a common header with version 1, area offsets in 8-byte units and a zero checksum", () => {
    expect(image[0]).toBe(0x01);
    expect(sum(image.subarray(0, 8))).toBe(0);
    const [chassis, board, product] = [image[2], image[3], image[4]];
    expect([chassis, board, product]).toEqual([1, chassis + image[chassis * 8 + 1], board + image[board * 8 + 1]]);
    expect(image.length).toBe((product + image[product * 8 + 1]) * 8);
  });

  it("every area is a multiple of 8 bytes that sums to zero", () => {
    for (const offset of [image[2], image[3], image[4]]) {
      const area = image.subarray(offset * 8, (offset + image[offset * 8 + 1]) * 8);
      expect(area[0]).toBe(0x01);
      expect(area.length % 8).toBe(0);
      expect(sum(area)).toBe(0);
    }
  });

  it("holds the fields in the spec's order", () => {
    expect(fields(image, image[2] * 8, 3)).toEqual(["LS2000-A", "LAB-0001"]);
    expect(fields(image, image[3] * 8, 6)).toEqual(["Lab Systems", "LS-2000 Board", "", "", ""]);
    expect(fields(image, image[4] * 8, 3)).toEqual(["Lab Systems", "LS-2000", "LS2000-A", "", "LAB-0001", "", ""]);
  });

  it("encodes text as 8-bit ASCII type/length; a 1-character field is padded (0xC1 ends the list)", () => {
    expect([...fruField("ab")]).toEqual([0xc2, 0x61, 0x62]);
    expect([...fruField("")]).toEqual([0xc0]);
    expect([...fruField("X")]).toEqual([0xc2, 0x58, 0x20]);
  });

  it("rejects what the format cannot hold", () => {
    expect(() => fruField("x".repeat(64))).toThrow(/63/);
    expect(() => fruField("Ünïcode")).toThrow(/ASCII/);
  });

  it("zero checksum makes a byte run sum to 0 mod 256", () => {
    const bytes = Uint8Array.from([1, 0, 1, 2, 5, 0, 0]);
    expect(sum(Uint8Array.from([...bytes, zeroChecksum(bytes)]))).toBe(0);
    expect(zeroChecksum(Uint8Array.from([0, 0]))).toBe(0);
  });
});
