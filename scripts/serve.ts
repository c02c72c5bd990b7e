/**
 * The app's server: Next.js behind our own two listeners (lib/runtime/server.ts), the public
 * port (PORT/HOST: portal and JSON API) and the boot listener (BOOT_PORT/BOOT_HOST: the boot
 * service for machines and switches). `npm run dev` runs it with --dev; `npm start` builds and
 * runs it; production runs `npm run build` once and then `npm run serve` (this, NODE_ENV=production).
 * Migrations, seed, IdP and workers start inside Next's instrumentation hook while preparing.
 */
import next from "next";
import { getEnv } from "@/lib/env";
import { close, createListener, listen } from "@/lib/runtime/server";
import { signalListening } from "@/lib/runtime/listening";
import { installProcessGuards } from "@/lib/runtime/process-guards";
import { gracefulShutdown } from "@/lib/runtime/shutdown";

async function main(): Promise<void> {
  installProcessGuards();
  const dev = process.argv.includes("--dev");
  const env = getEnv();
  const app = next({ dev, dir: process.cwd(), hostname: env.host, port: env.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const publicServer = createListener("public", (req, res) => handle(req, res));
  const bootServer = createListener("boot", (req, res) => handle(req, res));
  // Development: hot reloading talks over a WebSocket on the public port.
  if (dev) publicServer.on("upgrade", app.getUpgradeHandler());
  await listen(publicServer, env.port, env.host);
  await listen(bootServer, env.boot.port, env.boot.host);
  console.log(`  public listener http://${env.host}:${env.port} (${env.appUrl}); boot listener http://${env.boot.host}:${env.boot.port} (machines use ${env.boot.url})`);
  signalListening({ publicUrl: env.appUrl, bootUrl: env.boot.url });
  // SIGTERM (rolling restart): readiness turns 503, no new connections, in-flight requests and
  // jobs finish within SHUTDOWN_TIMEOUT_SECONDS, event streams end with a reconnect hint.
  const stop = async (signal: string) => {
    await gracefulShutdown([publicServer, bootServer], env.shutdownTimeoutMs, signal);
    await Promise.all([close(publicServer), close(bootServer)]);
    await app.close();
    process.exit(0);
  };
  // Once, but never the default action for a repeat: a signal to the process group (Playwright's
  // webServer, Ctrl-C in a terminal) reaches this process directly AND through scripts/start.ts's
  // relay, and the default action of that second SIGTERM would kill it before the live lab fabric
  // removed its namespaces and FRR daemons. The shutdown deadline bounds the wait instead.
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void stop(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

main().catch((err) => {
  console.error("server failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
