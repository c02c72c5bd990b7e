import { expect, type Locator, test } from "@playwright/test";
import { login, logout } from "./helpers";

/**
 * An operator describes a small data centre in the browser — partition, size, images, layout —
 * getting one thing wrong each time and reading the field error before fixing it; a tenant then
 * finds all of it in the read-only catalog. Ids are unique per run: the seed has a catalog too.
 */
const suffix = Date.now().toString(36);
const ids = {
  partition: `e2e-${suffix}`,
  size: `e2e-size-${suffix}`,
  os: `e2eos${suffix}`,
  image: `e2eos${suffix}-24.04.20260115`,
  expiredImage: `e2eos${suffix}-22.04.20200101`,
  layout: `e2e-layout-${suffix}`,
};
// A core count no seeded size allows, so the new size cannot overlap one (sizes must not overlap).
const cores = String(1000 + (Date.now() % 50_000));
const sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

async function submit(form: Locator, name: string) {
  await form.getByRole("button", { name, exact: true }).click();
}

test("an operator builds a catalog in the browser and a tenant sees it", async ({ page }) => {
  await login(page, "admin@example.com");

  await test.step("partition: a kernel URL that is not http(s) is refused, then fixed", async () => {
    await page.getByRole("link", { name: "Admin console" }).click();
    await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Partitions" }).click();
    await page.getByRole("button", { name: "New partition" }).click();
    const form = page.getByRole("form", { name: "New partition" });
    await form.getByLabel("Id", { exact: true }).fill(ids.partition);
    await form.getByLabel("Name", { exact: true }).fill(`E2E room ${suffix}`);
    await form.getByLabel("Kernel URL").fill("ftp://boot.example/kernel");
    await form.getByLabel("Initrd URL").fill("https://boot.example/initrd.img");
    await form.getByLabel("DNS servers").fill("1.1.1.1, 9.9.9.9");
    await form.getByLabel("Labels").fill("room=e2e");
    await submit(form, "Create partition");
    await expect(form.getByText("must be an http(s) URL")).toBeVisible();
    await expect(form.getByLabel("Kernel URL")).toHaveAttribute("aria-invalid", "true");

    await form.getByLabel("Kernel URL").fill("https://boot.example/kernel");
    await submit(form, "Create partition");
    await expect(form).toBeHidden();
    await page.getByRole("link", { name: ids.partition }).click();
    await expect(page.getByRole("heading", { name: `Partition ${ids.partition}` })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Capacity per size" })).toBeVisible();
    await expect(page.getByLabel("DNS servers")).toHaveValue("1.1.1.1, 9.9.9.9");
  });

  await test.step("size: a memory maximum below its minimum is refused, then fixed", async () => {
    await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Sizes" }).click();
    await page.getByRole("button", { name: "New size" }).click();
    const form = page.getByRole("form", { name: "New size" });
    await form.getByLabel("Id", { exact: true }).fill(ids.size);
    await form.getByLabel("Name", { exact: true }).fill(`E2E size ${suffix}`);
    // The form starts with a cores, a memory and a storage row.
    await form.getByLabel("Constraint 1 minimum (cores)").fill(cores);
    await form.getByLabel("Constraint 1 maximum (cores)").fill(cores);
    await form.getByLabel("Constraint 2 minimum (GiB)").fill("256");
    await form.getByLabel("Constraint 2 maximum (GiB)").fill("128");
    await form.getByLabel("Constraint 3 minimum (GiB)").fill("100");
    await form.getByLabel("Constraint 3 maximum (GiB)").fill("4000");
    await form.getByLabel("Constraint 3 identifier").fill("/dev/nvme*");
    await submit(form, "Create size");
    await expect(form.getByText("must be at least the minimum (256 GiB)")).toBeVisible();

    await form.getByLabel("Constraint 2 maximum (GiB)").fill("512");
    await submit(form, "Create size");
    await expect(form).toBeHidden();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: ids.size }) });
    await expect(row).toContainText(`${cores} cores`);
    await expect(row).toContainText("256 GiB–512 GiB memory");
  });

  await test.step("images: a bad sha256 is refused, then fixed; an expired image is marked", async () => {
    await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Images" }).click();
    await page.getByRole("button", { name: "New image" }).click();
    let form = page.getByRole("form", { name: "New image" });
    await form.getByLabel("Id", { exact: true }).fill(ids.image);
    await form.getByLabel("Name", { exact: true }).fill(`E2E OS 24.04 ${suffix}`);
    await form.getByLabel("URL", { exact: true }).fill(`https://images.example/${ids.image}.tar.lz4`);
    await form.getByLabel("SHA-256").fill("not-a-checksum");
    await form.getByLabel("Classification").selectOption("preview");
    await submit(form, "Create image");
    await expect(form.getByText("must be 64 lowercase hex digits")).toBeVisible();

    await form.getByLabel("SHA-256").fill(sha256);
    await submit(form, "Create image");
    await expect(form).toBeHidden();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: ids.image }) });
    await expect(row).toContainText("preview");
    await expect(row).not.toContainText("expired");

    await page.getByRole("button", { name: "New image" }).click();
    form = page.getByRole("form", { name: "New image" });
    await form.getByLabel("Id", { exact: true }).fill(ids.expiredImage);
    await form.getByLabel("URL", { exact: true }).fill(`https://images.example/${ids.expiredImage}.tar.lz4`);
    await form.getByLabel("SHA-256").fill(sha256);
    await form.getByLabel("Expires at").fill("2020-06-01");
    await submit(form, "Create image");
    await expect(form).toBeHidden();
    await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name: ids.expiredImage }) })).toContainText("expired");
  });

  await test.step("layout: a filesystem on a device the layout lacks is refused, then fixed; Try picks it", async () => {
    await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Layouts" }).click();
    await page.getByRole("button", { name: "New layout" }).click();
    const form = page.getByRole("form", { name: "New filesystem layout" });
    await form.getByLabel("Id", { exact: true }).fill(ids.layout);
    await form.getByLabel("Name", { exact: true }).fill(`E2E layout ${suffix}`);
    const json = form.getByLabel("Layout (JSON)");
    // Start from the example the form offers: one disk, EFI and root.
    const layout = JSON.parse(await json.inputValue());
    expect(layout.disks[0].device).toBe("/dev/sda");
    layout.constraints = { sizes: [ids.size], images: { [ids.os]: ">= 24.4" } };
    layout.filesystems[1].device = "/dev/sdb2";
    await json.fill(JSON.stringify(layout, null, 2));
    await submit(form, "Create layout");
    await expect(form.getByRole("alert").filter({ hasText: "filesystems.1.device" })).toBeVisible();

    layout.filesystems[1].device = "/dev/sda2";
    await json.fill(JSON.stringify(layout, null, 2));
    await submit(form, "Create layout");
    await expect(form).toBeHidden();
    await expect(page.getByRole("link", { name: ids.layout })).toBeVisible();

    const tryForm = page.getByRole("form", { name: "Try a layout" });
    await tryForm.getByLabel("Size").selectOption(ids.size);
    await tryForm.getByLabel("Image").fill(`${ids.os}-24.04`);
    await submit(tryForm, "Try");
    await expect(page.getByRole("status").filter({ hasText: "would be chosen" })).toContainText(ids.layout);
  });

  await logout(page);
  await login(page, "olivia@acme.example");

  await test.step("a tenant sees the new partition, size and image in the read-only catalog", async () => {
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Catalog" }).click();
    await expect(page.getByRole("heading", { name: "Catalog", exact: true })).toBeVisible();
    const partitions = page.getByRole("region", { name: "Partitions" });
    await expect(partitions).toContainText(ids.partition);
    const size = page.getByRole("region", { name: "Sizes" }).getByRole("row").filter({ hasText: ids.size });
    await expect(size).toContainText(`${cores} cores`);
    await expect(size).toContainText("256 GiB–512 GiB memory");
    const images = page.getByRole("region", { name: "Images" });
    await expect(images.getByRole("row").filter({ hasText: ids.image })).toContainText("preview");
    // Expired images cannot be allocated, so tenants do not see them.
    await expect(images).not.toContainText(ids.expiredImage);
    await expect(page.getByRole("main").getByRole("button")).toHaveCount(0);
  });

  await test.step("the tenant cannot change the catalog", async () => {
    await page.goto("/admin/partitions");
    await expect(page.getByText("Operators only")).toBeVisible();
    const res = await page.request.delete(`/api/v1/partitions/${ids.partition}`);
    expect(res.status()).toBe(403);
    expect((await res.json()).detail).toMatch(/only operators/i);
  });
});
