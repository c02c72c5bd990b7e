CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "partitions" ADD COLUMN "boot_networks" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "partitions" ADD COLUMN "bmc_networks" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "machine_provisioning" ADD COLUMN "reenroll_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "machine_bmcs" ADD COLUMN "outside_bmc_networks" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "machine_bmcs" ADD COLUMN "approved_address" text;