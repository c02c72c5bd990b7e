import type { ImageDto } from "@/lib/contracts/catalog";
import { Badge } from "./ui";
import { Time } from "@/components/ui/time";

const tones = { preview: "amber", supported: "green", deprecated: "slate" } as const;

export function ClassificationBadge({ classification }: { classification: ImageDto["classification"] }) {
  return <Badge tone={tones[classification]}>{classification}</Badge>;
}

export function ExpiryNote({ image }: { image: ImageDto }) {
  if (image.expired) return <Badge tone="red">expired</Badge>;
  if (!image.expiresAt) return <span className="text-slate-500">never</span>;
  return <Time iso={image.expiresAt} show="date" />;
}
