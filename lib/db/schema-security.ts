import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Throttling counters (lib/services/throttle.ts, rate-limiter-flexible's Drizzle store): one row
 * per limited key ("bearer-fail:10.0.0.7"), points used in the current window and when it ends.
 * In the database, so every web replica counts against the same limits.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { withTimezone: true }),
});
