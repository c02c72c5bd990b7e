import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive the real app in embedded mode (PGlite, dev IdP) in Debian's Chromium.
 * Never `npx playwright install`: browsers come from the distribution (apt-get install chromium).
 */
// E2E_PORT lets two checkouts on one machine run their e2e suites side by side (IdP on PORT + 1).
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    // A fresh embedded installation per run: new data dir, seeded demo tenants and users.
    command: "rm -rf .data/e2e && npm start",
    // The lab BMCs' fast path: power changes land at once (their delays are tested in lab/bmc).
    env: { PORT: String(PORT), DEV_IDP_PORT: String(PORT + 1), DATA_DIR: ".data/e2e", APP_URL: BASE_URL, LAB_BMC_POWER_DELAY_MS: "0",
      // No spec checks the live fabric in a browser yet (issue 13): keep the e2e server on the simulated
      // fabric, so that CI (root + FRR) does not run a dozen FRR daemons and restarts next to Chromium.
      LAB_FABRIC: "simulated" },
    url: `${BASE_URL}/api/v1/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
