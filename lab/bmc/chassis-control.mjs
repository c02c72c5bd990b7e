#!/usr/bin/env node
// ipmi_sim's chassis_control program for a lab BMC (plain JS: runs with `node`, no tsx).
// ipmi_sim runs it through /bin/sh as
//   chassis-control.mjs <server-url> <machine-id> get <param>...        → prints "<param>:<value>" lines
//   chassis-control.mjs <server-url> <machine-id> set <param> <value>... → prints nothing
// and it forwards each to the lab's chassis control server (chassis-control-server.ts), with
// the token from LAB_CHASSIS_CONTROL_TOKEN (ipmi_sim's environment, inherited). On failure it
// prints the reason on stdout (ipmi_sim logs it) and exits 1: ipmi_sim then answers the IPMI
// request with completion code 0xFF "Unspecified error".
// node:http rather than fetch: loading fetch (undici) costs 150-400 ms per run on a busy lab
// host, and ipmi_sim runs this program once per IPMI request while it waits.
import http from "node:http";

const [url, machineId, op, ...params] = process.argv.slice(2);
const token = process.env.LAB_CHASSIS_CONTROL_TOKEN ?? "";

function call(method, param, value) {
  return new Promise((resolve, reject) => {
    const target = `${url}/chassis/${encodeURIComponent(machineId)}/${param}`;
    const req = http.request(target, { method, headers: { authorization: `Bearer ${token}` }, timeout: 5000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => {
        if (res.statusCode && res.statusCode < 300) resolve(text);
        else reject(new Error(`${method} ${param}: HTTP ${res.statusCode} ${text}`));
      });
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${param}: no answer from ${url} within 5 s`)));
    req.on("error", reject);
    req.end(value);
  });
}

async function main() {
  if (!url || !machineId || (op !== "get" && op !== "set")) throw new Error("usage: chassis-control.mjs <url> <machine-id> get|set <param> [<value>]...");
  if (op === "get") {
    for (const param of params) process.stdout.write(`${param}:${await call("GET", param)}\n`);
    return;
  }
  if (params.length === 0 || params.length % 2 !== 0) throw new Error("set needs <param> <value> pairs");
  for (let i = 0; i < params.length; i += 2) await call("PUT", params[i], params[i + 1]);
}

main().catch((err) => {
  process.stdout.write(`chassis-control: ${err.message}\n`);
  process.exit(1);
});
