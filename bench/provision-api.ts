/** `npm run bench:provision-api`: only the allocation API part of bench:provision (bench/allocation-api.ts). */
import { benchAllocationApi } from "./allocation-api";

benchAllocationApi().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
