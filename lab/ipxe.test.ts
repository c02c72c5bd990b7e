import { describe, expect, it } from "vitest";
import { renderIpxeScript } from "@/lib/services/machines/agent-ipxe";
import { ipxeKernelParams } from "./ipxe";

describe("iPXE script as the lab's firmware reads it", () => {
  it("finds the agent's configuration on the kernel command line the boot service renders", () => {
    const script = renderIpxeScript({
      partitionId: "lab",
      boot: { kernelUrl: "http://127.0.0.1:3000/api/boot/kernel", initrdUrl: "http://127.0.0.1:3000/api/boot/initrd", commandLine: "console=ttyS1,115200n8 ip=dhcp" },
      apiUrl: "http://127.0.0.1:3000",
      credential: "mbc_abc",
    });
    expect(ipxeKernelParams(script)).toMatchObject({
      METAL_API_URL: "http://127.0.0.1:3000", METAL_PARTITION: "lab", METAL_BOOT_CREDENTIAL: "mbc_abc", console: "ttyS1,115200n8", ip: "dhcp",
    });
  });

  it("finds nothing in a script without a kernel line", () => {
    expect(ipxeKernelParams("#!ipxe\necho hello\n")).toEqual({});
  });
});
