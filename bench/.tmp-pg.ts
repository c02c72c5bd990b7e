import { benchAllocationApi } from "/work/wt-ops/bench/allocation-api";
benchAllocationApi(["postgres"]).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
