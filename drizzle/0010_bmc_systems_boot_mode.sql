ALTER TABLE "partitions" ADD COLUMN "boot_mode" text DEFAULT 'uefi' NOT NULL;--> statement-breakpoint
ALTER TABLE "machine_bmcs" ADD COLUMN "system_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "machine_bmcs" ADD COLUMN "discovered_systems" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "machine_bmcs" ADD COLUMN "boot_mode" text;