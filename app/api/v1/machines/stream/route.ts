import { endpoints } from "@/lib/contracts/endpoints";
import type { MachineStreamEventDto, SwitchStreamEventDto } from "@/lib/contracts/machines";
import { sseResponse } from "@/lib/http/sse";
import { withApi } from "@/lib/http/with-api";
import { openMachineStream } from "@/lib/services/machines/stream";

/** Never pre-rendered or cached: every request is its own long-lived stream. */
export const dynamic = "force-dynamic";

export const GET = withApi(endpoints.machineStream, async ({ actor, req }) =>
  sseResponse<MachineStreamEventDto | SwitchStreamEventDto>(req.signal, (send, end, emit) => openMachineStream(actor, send, end, () => emit("resync", {})), { event: (e) => ("switchId" in e ? "switch" : "machine") }));
