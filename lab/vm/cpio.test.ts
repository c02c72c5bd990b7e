import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeInitramfs } from "./cpio";

/** Read back with a real cpio (GNU cpio when installed, else Debian's busybox from the VM artifacts). */
const BUSYBOX = path.resolve(".data/vm/root/bin/busybox");
const cpio = existsSync("/usr/bin/cpio") ? ["/usr/bin/cpio"] : existsSync(BUSYBOX) ? [BUSYBOX, "cpio"] : null;

describe("the initramfs writer (newc cpio, gzip)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "cpio-"));
    await mkdir(path.join(dir, "stage/bin"), { recursive: true });
    await mkdir(path.join(dir, "stage/etc"));
    await writeFile(path.join(dir, "stage/init"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
    await writeFile(path.join(dir, "stage/etc/odd"), "abc"); // a size that needs padding
    await symlink("busybox", path.join(dir, "stage/bin/sh"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("is byte-reproducible: the same tree with other mtimes gives the same bytes", async () => {
    await writeInitramfs(path.join(dir, "stage"), path.join(dir, "a.cpio.gz"));
    await utimes(path.join(dir, "stage/init"), new Date(0), new Date(0));
    await writeInitramfs(path.join(dir, "stage"), path.join(dir, "b.cpio.gz"));
    const sha = async (f: string) => createHash("sha256").update(await readFile(path.join(dir, f))).digest("hex");
    expect(await sha("a.cpio.gz")).toBe(await sha("b.cpio.gz"));
  });

  it.skipIf(cpio === null)("unpacks with a real cpio: files, modes and symlinks", async () => {
    await writeInitramfs(path.join(dir, "stage"), path.join(dir, "a.cpio.gz"));
    await mkdir(path.join(dir, "out"));
    execFileSync("sh", ["-c", `gzip -dc ../a.cpio.gz | ${cpio!.map((c) => `"${c}"`).join(" ")} -i -d 2>/dev/null`], { cwd: path.join(dir, "out") });
    expect(await readFile(path.join(dir, "out/init"), "utf8")).toBe("#!/bin/sh\necho hi\n");
    expect(await readFile(path.join(dir, "out/etc/odd"), "utf8")).toBe("abc");
    expect(execFileSync("readlink", [path.join(dir, "out/bin/sh")], { encoding: "utf8" }).trim()).toBe("busybox");
    expect(execFileSync("stat", ["-c", "%a", path.join(dir, "out/init")], { encoding: "utf8" }).trim()).toBe("755");
  });
});
