CREATE TABLE "machine_allocations" (
	"machine_id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"role" text DEFAULT 'machine' NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"hostname" text NOT NULL,
	"image_id" text NOT NULL,
	"filesystem_layout_id" text NOT NULL,
	"ssh_public_keys" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"userdata" text DEFAULT '' NOT NULL,
	"networks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"asn" bigint NOT NULL,
	"creator" text DEFAULT '' NOT NULL,
	"succeeded" boolean DEFAULT false NOT NULL,
	"reinstall" boolean DEFAULT false NOT NULL,
	"boot_info" jsonb,
	"previous_boot_info" jsonb,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"allocated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "machine_provisioning" (
	"machine_id" text PRIMARY KEY NOT NULL,
	"container" jsonb NOT NULL,
	"last_event_time" timestamp with time zone,
	"failed_reason" text,
	"credential_hash" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partition_boot_credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"partition_id" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"secret_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "machine_allocations" ADD CONSTRAINT "machine_allocations_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_allocations" ADD CONSTRAINT "machine_allocations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_allocations" ADD CONSTRAINT "machine_allocations_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_allocations" ADD CONSTRAINT "machine_allocations_filesystem_layout_id_filesystem_layouts_id_fk" FOREIGN KEY ("filesystem_layout_id") REFERENCES "public"."filesystem_layouts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_provisioning" ADD CONSTRAINT "machine_provisioning_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partition_boot_credentials" ADD CONSTRAINT "partition_boot_credentials_partition_id_partitions_id_fk" FOREIGN KEY ("partition_id") REFERENCES "public"."partitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "machine_allocations_project_idx" ON "machine_allocations" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "machine_provisioning_last_event_idx" ON "machine_provisioning" USING btree ("last_event_time");--> statement-breakpoint
CREATE INDEX "partition_boot_credentials_partition_idx" ON "partition_boot_credentials" USING btree ("partition_id");--> statement-breakpoint
CREATE INDEX "partition_boot_credentials_hash_idx" ON "partition_boot_credentials" USING btree ("secret_hash");