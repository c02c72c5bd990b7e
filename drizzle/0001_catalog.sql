CREATE TABLE "filesystem_layouts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"spec" jsonb NOT NULL,
	"constraints" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "images" (
	"id" text PRIMARY KEY NOT NULL,
	"os" text NOT NULL,
	"version" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"url" text NOT NULL,
	"sha256" text NOT NULL,
	"features" jsonb NOT NULL,
	"classification" text DEFAULT 'preview' NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "machines" (
	"id" text PRIMARY KEY NOT NULL,
	"partition_id" text NOT NULL,
	"size_id" text,
	"rack" text DEFAULT '' NOT NULL,
	"hardware" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"condition" text DEFAULT 'AVAILABLE' NOT NULL,
	"condition_reason" text DEFAULT '' NOT NULL,
	"liveliness" text DEFAULT 'Unknown' NOT NULL,
	"provisioning_state" text DEFAULT 'Initial' NOT NULL,
	"crash_loop" boolean DEFAULT false NOT NULL,
	"failed_reclaim" boolean DEFAULT false NOT NULL,
	"project_id" text,
	"image_id" text,
	"filesystem_layout_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partitions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"boot_config" jsonb NOT NULL,
	"mgmt_service_address" text DEFAULT '' NOT NULL,
	"dns_servers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ntp_servers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "size_image_constraints" (
	"size_id" text PRIMARY KEY NOT NULL,
	"images" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "size_reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"size_id" text NOT NULL,
	"project_id" text NOT NULL,
	"partition_ids" jsonb NOT NULL,
	"amount" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "size_reservations_amount_check" CHECK ("size_reservations"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "sizes" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"constraints" jsonb NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "machines" ADD CONSTRAINT "machines_partition_id_partitions_id_fk" FOREIGN KEY ("partition_id") REFERENCES "public"."partitions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machines" ADD CONSTRAINT "machines_size_id_sizes_id_fk" FOREIGN KEY ("size_id") REFERENCES "public"."sizes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machines" ADD CONSTRAINT "machines_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machines" ADD CONSTRAINT "machines_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machines" ADD CONSTRAINT "machines_filesystem_layout_id_filesystem_layouts_id_fk" FOREIGN KEY ("filesystem_layout_id") REFERENCES "public"."filesystem_layouts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "size_image_constraints" ADD CONSTRAINT "size_image_constraints_size_id_sizes_id_fk" FOREIGN KEY ("size_id") REFERENCES "public"."sizes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "size_reservations" ADD CONSTRAINT "size_reservations_size_id_sizes_id_fk" FOREIGN KEY ("size_id") REFERENCES "public"."sizes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "size_reservations" ADD CONSTRAINT "size_reservations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "images_os_version_key" ON "images" USING btree ("os","version");--> statement-breakpoint
CREATE INDEX "images_os_idx" ON "images" USING btree ("os");--> statement-breakpoint
CREATE INDEX "machines_partition_size_idx" ON "machines" USING btree ("partition_id","size_id");--> statement-breakpoint
CREATE INDEX "machines_project_idx" ON "machines" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "size_reservations_size_idx" ON "size_reservations" USING btree ("size_id");