/**
 * What a PXE-booting machine learns from the partition's iPXE script: the kernel command line,
 * whose METAL_* parameters (API URL, partition, boot credential) Linux hands to the agent as
 * environment variables. The lab reads them the same way.
 */
export function ipxeKernelParams(script: string): Record<string, string> {
  const kernel = script.split("\n").find((l) => /^kernel\s/.test(l.trim()));
  if (!kernel) return {};
  const params: Record<string, string> = {};
  for (const token of kernel.trim().split(/\s+/).slice(2)) {
    const i = token.indexOf("=");
    if (i > 0) params[token.slice(0, i)] = token.slice(i + 1);
  }
  return params;
}
