import { existsSync } from "node:fs";
import path from "node:path";
import * as bootInitrd from "@/app/api/boot/initrd/route";
import * as bootIpxe from "@/app/api/boot/ipxe/route";
import * as bootKernel from "@/app/api/boot/kernel/route";
import * as bootEvents from "@/app/api/boot/machines/[id]/events/route";
import * as bootPhoneHome from "@/app/api/boot/machines/[id]/phone-home/route";
import * as bootReport from "@/app/api/boot/machines/[id]/report/route";
import * as bootWait from "@/app/api/boot/machines/[id]/wait/route";
import * as bootRegister from "@/app/api/boot/register/route";
import * as bootSwitchDesired from "@/app/api/boot/switches/[id]/desired/route";
import * as bootSwitchStatus from "@/app/api/boot/switches/[id]/status/route";
import * as bootSwitchRegister from "@/app/api/boot/switches/register/route";
import * as machineEventsRoute from "@/app/api/v1/machines/[id]/events/route";
import * as machineReinstallRoute from "@/app/api/v1/machines/[id]/reinstall/route";
import * as machineRoute from "@/app/api/v1/machines/[id]/route";
import * as machinesRoute from "@/app/api/v1/machines/route";
import { LAB_IMAGE_PATH, labImageResponse } from "./image";
import type { RouteModule, RouteTable } from "./route-server";

/**
 * The app's real route modules that machines and tenants use in the lab (boot protocol,
 * machines API, images), for serveRoutes in tests and benchmarks. Not used by the app itself.
 */
const IMAGE_ROUTE = path.join(process.cwd(), "app/api/images/[id]/img.tar.lz4/route.ts");

export async function appRouteTable(): Promise<RouteTable> {
  // The app's image route once it exists; until then exactly what it must serve (lab/image.ts).
  const imageRoute: RouteModule = existsSync(IMAGE_ROUTE)
    ? await import(/* @vite-ignore */ IMAGE_ROUTE)
    : { GET: async (_req, { params }) => labImageResponse((await params).id) };
  return [
    ["/api/boot/ipxe", bootIpxe],
    ["/api/boot/kernel", bootKernel],
    ["/api/boot/initrd", bootInitrd],
    ["/api/boot/register", bootRegister],
    ["/api/boot/machines/[id]/events", bootEvents],
    ["/api/boot/machines/[id]/wait", bootWait],
    ["/api/boot/machines/[id]/report", bootReport],
    ["/api/boot/machines/[id]/phone-home", bootPhoneHome],
    ["/api/boot/switches/register", bootSwitchRegister],
    ["/api/boot/switches/[id]/desired", bootSwitchDesired],
    ["/api/boot/switches/[id]/status", bootSwitchStatus],
    ["/api/v1/machines", machinesRoute],
    ["/api/v1/machines/[id]", machineRoute],
    ["/api/v1/machines/[id]/events", machineEventsRoute],
    ["/api/v1/machines/[id]/reinstall", machineReinstallRoute],
    [LAB_IMAGE_PATH.replace("{id}", "[id]"), imageRoute],
  ];
}
