import type { Command } from "commander";
import { listSwitchesQuery, updateSwitchPortInput } from "@/lib/contracts/switches";
import { unwrap } from "@/sdk";
import { act, defined } from "../run";
import { validate } from "../validate";
import { views } from "../views";

/** Operators: leaf switches, their port table, and a port's desired admin state (docs/fabric.md). */
export function registerSwitch(program: Command): void {
  const sw = program.command("switch").alias("switches").description("leaf switches and their ports (operators)");

  sw.command("ls").alias("list").description("list switches with their last sync and issues")
    .option("--partition <id>", "only this partition")
    .option("--rack <rack>", "only this rack")
    .action(act<{ partition?: string; rack?: string }>(async ({ opts, client, print }) => {
      const query = validate(listSwitchesQuery, defined({ partitionId: opts.partition, rack: opts.rack }), "the filters");
      print({ list: (await unwrap(client().GET("/api/v1/switches", { params: { query } }))).items }, views.switch);
    }));

  sw.command("describe <id>").alias("get").description("show a switch")
    .action(act(async ({ args: [id], client, print }) => {
      print({ item: await unwrap(client().GET("/api/v1/switches/{id}", { params: { path: { id } } })) }, views.switch, "yaml");
    }));

  sw.command("ports <id>").description("a switch's port table: role, machine, VRF, desired and actual state, BGP")
    .action(act(async ({ args: [id], client, print }) => {
      print({ list: (await unwrap(client().GET("/api/v1/switches/{id}", { params: { path: { id } } }))).ports }, views.switchPort);
    }));

  sw.command("port <id> <port> <state>").description("set a port's desired admin state: up or down (audited; the agent applies it)")
    .action(act(async ({ args: [id, port, state], client, print }) => {
      const body = validate(updateSwitchPortInput, { adminState: state }, "the port state");
      print({ item: await unwrap(client().PATCH("/api/v1/switches/{id}/ports/{port}", { params: { path: { id, port } }, body })) }, views.switchPort);
    }));
}
