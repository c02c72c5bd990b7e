import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agentConfigSchema } from "./config";
import { forgetStoredCredential, readStoredCredential, storeCredential } from "./credential-store";

const CREDENTIAL = `mmc_${"A".repeat(43)}`;

describe("the machine credential across boots", () => {
  let dir: string;
  let file: string;
  const config = () => agentConfigSchema.parse({ apiUrl: "http://x", partition: "lab", bootCredential: "mbc_x", credentialFile: file });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "agent-cred-"));
    file = path.join(dir, "nvram", "machine-credential");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("is stored, read back and forgotten", async () => {
    await storeCredential(config(), CREDENTIAL);
    expect(await readStoredCredential(config())).toBe(CREDENTIAL);
    await forgetStoredCredential(config());
    expect(await readStoredCredential(config())).toBeNull();
  });

  it("reads a raw NVRAM image: the credential up to the newline, NUL padding after it", async () => {
    file = path.join(dir, "nvram.img");
    await writeFile(file, Buffer.concat([Buffer.from(`${CREDENTIAL}\n`), Buffer.alloc(4096)]));
    expect(await readStoredCredential(config())).toBe(CREDENTIAL);
    await writeFile(file, Buffer.alloc(4096)); // a blank NVRAM
    expect(await readStoredCredential(config())).toBeNull();
    expect((await readFile(file)).length).toBe(4096);
  });
});
