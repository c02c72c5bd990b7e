CREATE TABLE "ipam_free_ranges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"prefix_id" text NOT NULL,
	"start" numeric(39, 0) NOT NULL,
	"end" numeric(39, 0) NOT NULL,
	CONSTRAINT "ipam_free_ranges_order" CHECK ("ipam_free_ranges"."start" <= "ipam_free_ranges"."end")
);
--> statement-breakpoint
CREATE TABLE "ipam_ips" (
	"prefix_id" text NOT NULL,
	"address" numeric(39, 0) NOT NULL,
	CONSTRAINT "ipam_ips_prefix_id_address_pk" PRIMARY KEY("prefix_id","address")
);
--> statement-breakpoint
CREATE TABLE "ipam_prefixes" (
	"id" text PRIMARY KEY NOT NULL,
	"namespace" text DEFAULT '' NOT NULL,
	"cidr" text NOT NULL,
	"family" smallint NOT NULL,
	"network" numeric(39, 0) NOT NULL,
	"last_address" numeric(39, 0) NOT NULL,
	"length" smallint NOT NULL,
	"parent_id" text,
	"mode" text DEFAULT 'new' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ips" (
	"id" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"family" smallint NOT NULL,
	"network_id" text NOT NULL,
	"ipam_prefix_id" text NOT NULL,
	"project_id" text NOT NULL,
	"kind" text DEFAULT 'ephemeral' NOT NULL,
	"machine_id" text,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_prefixes" (
	"network_id" text NOT NULL,
	"ipam_prefix_id" text NOT NULL,
	"cidr" text NOT NULL,
	"family" smallint NOT NULL,
	CONSTRAINT "network_prefixes_network_id_ipam_prefix_id_pk" PRIMARY KEY("network_id","ipam_prefix_id")
);
--> statement-breakpoint
CREATE TABLE "networks" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"partition_id" text,
	"project_id" text,
	"parent_network_id" text,
	"vrf" integer,
	"nat" text DEFAULT 'none' NOT NULL,
	"destination_prefixes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_child_prefix_length" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"min_child_prefix_length" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"allowed_project_ids" jsonb,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pool_values" (
	"pool" text NOT NULL,
	"value" integer NOT NULL,
	"owner" text NOT NULL,
	CONSTRAINT "pool_values_pool_value_pk" PRIMARY KEY("pool","value")
);
--> statement-breakpoint
ALTER TABLE "ipam_free_ranges" ADD CONSTRAINT "ipam_free_ranges_prefix_id_ipam_prefixes_id_fk" FOREIGN KEY ("prefix_id") REFERENCES "public"."ipam_prefixes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipam_ips" ADD CONSTRAINT "ipam_ips_prefix_id_ipam_prefixes_id_fk" FOREIGN KEY ("prefix_id") REFERENCES "public"."ipam_prefixes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ips" ADD CONSTRAINT "ips_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ips" ADD CONSTRAINT "ips_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_prefixes" ADD CONSTRAINT "network_prefixes_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_prefixes" ADD CONSTRAINT "network_prefixes_ipam_prefix_id_ipam_prefixes_id_fk" FOREIGN KEY ("ipam_prefix_id") REFERENCES "public"."ipam_prefixes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "networks" ADD CONSTRAINT "networks_partition_id_partitions_id_fk" FOREIGN KEY ("partition_id") REFERENCES "public"."partitions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "networks" ADD CONSTRAINT "networks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ipam_free_ranges_prefix_start_idx" ON "ipam_free_ranges" USING btree ("prefix_id","start");--> statement-breakpoint
CREATE UNIQUE INDEX "ipam_prefixes_ns_cidr_key" ON "ipam_prefixes" USING btree ("namespace","cidr");--> statement-breakpoint
CREATE INDEX "ipam_prefixes_parent_idx" ON "ipam_prefixes" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "ipam_prefixes_ns_range_idx" ON "ipam_prefixes" USING btree ("namespace","family","network");--> statement-breakpoint
CREATE UNIQUE INDEX "ips_prefix_address_key" ON "ips" USING btree ("ipam_prefix_id","address");--> statement-breakpoint
CREATE INDEX "ips_project_idx" ON "ips" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ips_network_idx" ON "ips" USING btree ("network_id");--> statement-breakpoint
CREATE INDEX "networks_project_idx" ON "networks" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "networks_partition_kind_idx" ON "networks" USING btree ("partition_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "networks_vrf_key" ON "networks" USING btree ("vrf");--> statement-breakpoint
CREATE UNIQUE INDEX "networks_one_super_per_partition" ON "networks" USING btree ("partition_id") WHERE "networks"."kind" in ('super', 'super-namespaced');