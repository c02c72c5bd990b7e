import dgram from "node:dgram";

/**
 * Readiness of a BMC on UDP: the ASF presence ping of RMCP (DSP0136 §3.2.4.1), which every
 * IPMI LAN interface answers with a pong before any session exists. UDP has no "connected"
 * event and a datagram sent before the BMC binds its port is lost, so the ping is resent
 * every `intervalMs` until the pong arrives, `timeoutMs` passes or `abort` fires.
 */
const PING = Buffer.from([0x06, 0x00, 0xff, 0x06, 0x00, 0x00, 0x11, 0xbe, 0x80, 0x00, 0x00, 0x00]);
const PONG_TYPE = 0x40;

export function waitForRmcpPong(host: string, port: number, o: { timeoutMs: number; intervalMs?: number; abort?: Promise<Error> }): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
    const send = () => socket.send(PING, port, host, () => {});
    const resend = setInterval(send, o.intervalMs ?? 50);
    const deadline = setTimeout(() => done(new Error(`no RMCP pong from ${host}:${port} within ${o.timeoutMs} ms`)), o.timeoutMs);
    let settled = false;
    function done(err?: Error) {
      if (settled) return;
      settled = true;
      clearInterval(resend);
      clearTimeout(deadline);
      socket.close();
      if (err) reject(err);
      else resolve();
    }
    socket.on("message", (msg) => {
      if (msg.length > 8 && msg[8] === PONG_TYPE) done();
    });
    socket.on("error", (err) => done(err));
    o.abort?.then((err) => done(err));
    send();
  });
}
