/**
 * Next.js calls register() once when a server process starts. Boot work (migrations, the
 * embedded IdP, job workers) runs only in the Node.js runtime and never during `next build`.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { boot } = await import("./lib/runtime/boot");
  await boot();
}
