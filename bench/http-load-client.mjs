/**
 * The load client of bench/http-load.ts, in its own process (forked with IPC) so that its CPU is
 * not the server's: `clients` concurrent keep-alive HTTP connections POSTing JSON bodies. Each
 * message from the parent is one phase: { url, token, bodies: object[], clients }; the answer is
 * { latencies (ms, per request, in order of completion), wallMs, cpuMs, failures }.
 */
import http from "node:http";

process.on("message", async (phase) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: phase.clients });
  const url = new URL(phase.url);
  const post = (body) => new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = http.request({
      agent, host: url.hostname, port: url.port, path: url.pathname, method: "POST",
      headers: { authorization: `Bearer ${phase.token}`, "content-type": "application/json", "content-length": Buffer.byteLength(data) },
    }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve(res.statusCode === 201 ? null : `${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`));
    });
    req.on("error", (err) => resolve(String(err)));
    req.end(data);
  });
  const latencies = [];
  const failures = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: phase.clients }, async () => {
    while (next < phase.bodies.length) {
      const body = phase.bodies[next++];
      const s = performance.now();
      const failure = await post(body);
      latencies.push(performance.now() - s);
      if (failure) failures.push(failure);
    }
  }));
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  process.send({ latencies, wallMs, cpuMs: (used.user + used.system) / 1000, failures });
});
