import { PageSkeleton } from "@/components/ui/states";

/** Shown at once on navigation while the next page renders on the server: the pending state. */
export default function Loading() {
  return <PageSkeleton />;
}
