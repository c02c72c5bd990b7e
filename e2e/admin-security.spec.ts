import { expect, test } from "@playwright/test";
import { confirmDialog, login } from "./helpers";

/**
 * Issue 10 items 2 and 3 in the admin console: a BMC outside its partition's BMC networks shows
 * the issue and is approved with one click; a machine is allowed to re-enroll.
 */
test("an operator sees a BMC outside the partition's BMC networks, approves its address, and allows a re-enroll", async ({ page }) => {
  await login(page, "admin@example.com");
  const lab = await (await page.request.get("/api/v1/partitions/lab")).json();
  const [machine] = (await (await page.request.get("/api/v1/machines?partitionId=lab&allocated=false")).json()).items;
  expect(machine).toBeTruthy();
  // The lab's BMCs listen on loopback: narrow the partition's BMC networks so they fall outside.
  expect((await page.request.patch("/api/v1/partitions/lab", { data: { bmcNetworks: ["10.99.0.0/16"] } })).status()).toBe(200);
  try {
    await page.goto("/admin/machines/issues");
    await expect(page.getByRole("table", { name: "BMC address outside the partition's BMC networks" })).toContainText(machine.id);
    await page.goto(`/admin/machines/${machine.id}?tab=bmc`);
    const notice = page.getByTestId("bmc-outside-networks");
    await expect(notice).toBeVisible();
    await notice.getByRole("button", { name: "Approve this address" }).click();
    await expect(notice).toHaveCount(0);
    const audit = await (await page.request.get(`/api/v1/audit?action=machine.bmc.approve&targetId=${machine.id}`)).json();
    expect(audit.items).toHaveLength(1);
  } finally {
    expect((await page.request.patch("/api/v1/partitions/lab", { data: { bmcNetworks: lab.bmcNetworks } })).status()).toBe(200);
  }

  await page.getByRole("button", { name: "Allow re-enroll" }).click();
  expect(await confirmDialog(page)).toContain(machine.id);
  await expect(page.getByTestId("reenroll-status")).toContainText("Re-enrollment allowed until");
  const audit = await (await page.request.get(`/api/v1/audit?action=machine.reenroll.allow&targetId=${machine.id}`)).json();
  expect(audit.items).toHaveLength(1);
});
