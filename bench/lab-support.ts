import { images } from "@/lib/db/schema";
import { getDb } from "@/lib/db/client";
import { labImage } from "@/lab/image";
import { updateImage } from "@/lib/services/catalog/images";
import { createBootCredential } from "@/lib/services/machines/boot-credentials";
import { createNetwork } from "@/lib/services/networks/networks";
import { seedDemo } from "@/lib/services/seed";
import { createToken } from "@/lib/services/tokens";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createMetalClient, unwrap } from "@/sdk";

/** Shared by the lab benchmarks (not used by the app). */

/**
 * The demo catalog of the lab partition (with the lab images' real checksums), a partition boot
 * credential, and a tenant project with a private network whose editor allocates over HTTP.
 */
export async function labTenant(apiUrl: string): Promise<{ bootCredential: string; token: string; projectId: string; allocate: (i: number) => Promise<string> }> {
  await seedDemo();
  for (const img of await (await getDb()).select({ id: images.id }).from(images)) await updateImage(operator, img.id, { sha256: labImage(img.id).sha256 });
  const bootCredential = (await createBootCredential(operator, "lab", { description: "bench" })).secret;
  const tenant = await makeTenant("bench");
  const projectId = (await makeProject(tenant.id, "bench")).id;
  const user = await makeUser("bench@bench", ["bench-editors"]);
  await createNetwork(user, { kind: "private", projectId, partitionId: "lab", name: "bench", labels: {}, description: "" });
  const token = (await createToken(user, { description: "bench", roles: user.grants, expiresAt: new Date(Date.now() + 86_400_000) })).secret;
  const api = createMetalClient({ baseUrl: apiUrl, token });
  const allocate = async (i: number) =>
    (await unwrap(api.POST("/api/v1/machines", { body: { projectId, partitionId: "lab", sizeId: "c1-small-x86", image: "ubuntu-24.04", hostname: `bench-${i}` } }))).id;
  return { bootCredential, token, projectId, allocate };
}
