import { type Command, Option } from "commander";
import { listBmcCommandsQuery, type PowerAction } from "@/lib/contracts/bmc";
import { unwrap } from "@/sdk";
import { act } from "../run";
import { views } from "../views";

type Verb = { group: string; help: string; actions: Record<string, PowerAction>; persistent?: boolean };

/** metalctl's verbs, each one POST /machines/{id}/power; the answer is the queued BMC command. */
const verbs: Verb[] = [
  { group: "power", help: "power on, off, reset or cycle through the machine's BMC", actions: { on: "on", off: "off", reset: "reset", cycle: "cycle" } },
  { group: "boot", help: "set the boot device for the next boot (--persistent: every boot)", actions: { pxe: "boot-pxe", disk: "boot-disk", bios: "boot-bios" }, persistent: true },
  { group: "identify", help: "switch the chassis identify LED", actions: { on: "identify-on", off: "identify-off" } },
];

export function registerMachinePower(machine: Command): void {
  for (const verb of verbs) {
    const group = machine.command(verb.group).description(verb.help);
    for (const [name, action] of Object.entries(verb.actions)) {
      const cmd = group.command(`${name} <id>`).description(`${verb.group} ${name}: queue "${action}" on the machine's BMC; the result shows in \`metal machine commands\``);
      if (verb.persistent) cmd.option("--persistent", "for every boot, not only the next");
      cmd.action(act<{ persistent?: boolean }>(async ({ args: [id], opts, client, print }) => {
        const res = await unwrap(client().POST("/api/v1/machines/{id}/power", { params: { path: { id } }, body: { action, persistent: !!opts.persistent } }));
        print({ list: res.commands }, views.bmcCommand);
      }));
    }
  }

  machine.command("commands <id>")
    .description("the machine's BMC command history with status and errors, newest first")
    .addOption(new Option("--status <status>", "only commands in this status").choices(listBmcCommandsQuery.shape.status.unwrap().options))
    .action(act<{ status?: "queued" | "running" | "succeeded" | "failed" }>(async ({ args: [id], opts, client, print }) => {
      const page = await unwrap(client().GET("/api/v1/machines/{id}/bmc-commands", { params: { path: { id }, query: { status: opts.status, limit: 100 } } }));
      print({ list: page.items, nextCursor: page.nextCursor }, views.bmcCommand);
    }));

  machine.command("bmc <id>")
    .description("the machine's BMC: power state, firmware, power draw, power supplies, last poll")
    .action(act(async ({ args: [id], client, print }) => {
      const item = await unwrap(client().GET("/api/v1/machines/{id}/bmc", { params: { path: { id } } }));
      print({ item }, { columns: [{ field: "machineId" }, { field: "protocol" }, { field: "powerState" }, { field: "lastPollAt" }] }, "yaml");
    }));
}
