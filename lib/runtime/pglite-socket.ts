import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * PGlite allows one owner of its data directory. While the embedded app runs it owns it, and
 * shares it with shell tools (npm run admin, npm run db:migrate) over a loopback PostgreSQL
 * socket whose port is written next to the data directory.
 */
export function socketInfoFile(pgliteDir: string): string {
  return path.join(path.dirname(pgliteDir), `${path.basename(pgliteDir)}.socket.json`);
}

export async function servePgliteSocket(pglite: PGlite, pgliteDir: string): Promise<() => Promise<void>> {
  const server = new PGLiteSocketServer({ db: pglite, port: 0, host: "127.0.0.1", maxConnections: 4 });
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  const file = socketInfoFile(pgliteDir);
  fs.writeFileSync(file, JSON.stringify({ port, pid: process.pid }), { mode: 0o600 });
  const remove = () => {
    try {
      const info = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number };
      if (info.pid === process.pid) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
  process.once("exit", remove);
  return async () => {
    remove();
    await server.stop();
  };
}

/** The URL of a running embedded app's database socket, or null when no app owns the directory. */
export function runningPgliteUrl(pgliteDir: string): string | null {
  try {
    const info = JSON.parse(fs.readFileSync(socketInfoFile(pgliteDir), "utf8")) as { port: number; pid: number };
    process.kill(info.pid, 0); // throws when the process is gone
    return `postgres://postgres@127.0.0.1:${info.port}/postgres?sslmode=disable`;
  } catch {
    return null;
  }
}
