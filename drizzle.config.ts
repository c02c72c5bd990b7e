import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this: it diffs lib/db/schema.ts against drizzle/ offline.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
});
