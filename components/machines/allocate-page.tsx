"use client";

import Link from "next/link";
import type { CurrentProject } from "@/components/networks/current-project";
import { PageHeader } from "@/components/ui/states";
import { AllocateForm } from "./allocate-form";
import { LiveIndicator } from "./live-indicator";
import { useMachineStream } from "./use-machine-stream";

/** The allocation form, with availability kept current by the live stream. */
export function AllocatePage({ project }: { project: CurrentProject }) {
  const stream = useMachineStream();
  return (
    <>
      <PageHeader
        title="Allocate a machine"
        description={`In ${project.label}. A machine waiting pre-booted is installed with the image and joins the network within seconds.`}
        actions={<LiveIndicator status={stream.status} />}
      />
      <AllocateForm projectId={project.id} refetchInterval={stream.refetchInterval} />
      <p className="mt-6 text-sm"><Link href="/machines" className="text-brand-700 hover:underline">← Machines</Link></p>
    </>
  );
}
