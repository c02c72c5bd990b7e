import { createWriteStream } from "node:fs";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGzip, constants } from "node:zlib";

/**
 * A gzip'd newc cpio archive of a directory — what Linux unpacks as an initramfs — written
 * byte-reproducibly: entries in sorted order, inode numbers counted from 1, owner root, one fixed
 * mtime, no name or time in the gzip header. So an image holding it keeps its sha256 across
 * rebuilds of unchanged inputs (busybox cpio records the staging files' inode numbers).
 */
const MTIME = Math.floor(Date.UTC(2026, 11, 5) / 1000);

function header(fields: { ino: number; mode: number; nlink: number; size: number; name: string }): Buffer {
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  const nameSize = Buffer.byteLength(fields.name) + 1;
  const head = `070701${hex(fields.ino)}${hex(fields.mode)}${hex(0)}${hex(0)}${hex(fields.nlink)}${hex(MTIME)}${hex(fields.size)}${hex(0)}${hex(0)}${hex(0)}${hex(0)}${hex(nameSize)}${hex(0)}`;
  const raw = Buffer.concat([Buffer.from(head), Buffer.from(fields.name), Buffer.alloc(1)]);
  return Buffer.concat([raw, Buffer.alloc((4 - (raw.length % 4)) % 4)]);
}

const pad = (size: number) => Buffer.alloc((4 - (size % 4)) % 4);

/** Every path under `dir`, relative, parents before children, sorted. */
async function walk(dir: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(path.join(dir, rel))).sort()) {
    const p = rel ? `${rel}/${name}` : name;
    out.push(p);
    if ((await lstat(path.join(dir, p))).isDirectory()) out.push(...(await walk(dir, p)));
  }
  return out;
}

async function* entries(dir: string): AsyncGenerator<Buffer> {
  let ino = 0;
  for (const rel of await walk(dir)) {
    const full = path.join(dir, rel);
    const st = await lstat(full);
    const perms = st.mode & 0o7777;
    ino += 1;
    if (st.isDirectory()) {
      yield header({ ino, mode: 0o040000 | perms, nlink: 2, size: 0, name: rel });
    } else if (st.isSymbolicLink()) {
      const target = Buffer.from(await readlink(full));
      yield Buffer.concat([header({ ino, mode: 0o120000 | 0o777, nlink: 1, size: target.length, name: rel }), target, pad(target.length)]);
    } else if (st.isFile()) {
      const data = await readFile(full);
      yield Buffer.concat([header({ ino, mode: 0o100000 | perms, nlink: 1, size: data.length, name: rel }), data, pad(data.length)]);
    } else {
      throw new Error(`${full}: only directories, files and symlinks go into an initramfs`);
    }
  }
  yield header({ ino: 0, mode: 0, nlink: 1, size: 0, name: "TRAILER!!!" });
}

/** gzip level 1, as LAB-RECIPES §4 measured (-9 saves little and costs half a minute for node). */
export async function writeInitramfs(dir: string, out: string): Promise<void> {
  await pipeline(Readable.from(entries(dir)), createGzip({ level: constants.Z_BEST_SPEED }), createWriteStream(out));
}
