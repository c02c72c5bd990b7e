CREATE TABLE "machine_connections" (
	"machine_id" text NOT NULL,
	"nic_name" text NOT NULL,
	"nic_mac" text NOT NULL,
	"switch_id" text NOT NULL,
	"port" text NOT NULL,
	CONSTRAINT "machine_connections_machine_id_nic_name_pk" PRIMARY KEY("machine_id","nic_name")
);
--> statement-breakpoint
CREATE TABLE "switch_ports" (
	"switch_id" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"mac" text NOT NULL,
	"identifier" text DEFAULT '' NOT NULL,
	"uplink" boolean DEFAULT false NOT NULL,
	"desired_admin_state" text DEFAULT 'up' NOT NULL,
	"oper_state" text DEFAULT 'unknown' NOT NULL,
	"bgp" jsonb,
	"status_at" timestamp with time zone,
	CONSTRAINT "switch_ports_switch_id_name_pk" PRIMARY KEY("switch_id","name")
);
--> statement-breakpoint
CREATE TABLE "switch_vlans" (
	"switch_id" text NOT NULL,
	"vni" integer NOT NULL,
	"vlan" integer NOT NULL,
	CONSTRAINT "switch_vlans_switch_id_vni_pk" PRIMARY KEY("switch_id","vni")
);
--> statement-breakpoint
CREATE TABLE "switches" (
	"id" text PRIMARY KEY NOT NULL,
	"partition_id" text NOT NULL,
	"rack" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"os_vendor" text DEFAULT '' NOT NULL,
	"os_version" text DEFAULT '' NOT NULL,
	"agent_version" text DEFAULT '' NOT NULL,
	"management_address" text DEFAULT '' NOT NULL,
	"management_interface" text DEFAULT 'eth0' NOT NULL,
	"asn" bigint NOT NULL,
	"router_id" text NOT NULL,
	"mode" text DEFAULT 'operational' NOT NULL,
	"credential_hash" text,
	"last_sync_at" timestamp with time zone,
	"last_sync_duration_ms" integer,
	"last_sync_version" text,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"sync_failed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "machines" ADD COLUMN "cabling_issue" text;--> statement-breakpoint
ALTER TABLE "networks" ADD COLUMN "additional_announceable_prefixes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "machine_connections" ADD CONSTRAINT "machine_connections_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "switch_ports" ADD CONSTRAINT "switch_ports_switch_id_switches_id_fk" FOREIGN KEY ("switch_id") REFERENCES "public"."switches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "switch_vlans" ADD CONSTRAINT "switch_vlans_switch_id_switches_id_fk" FOREIGN KEY ("switch_id") REFERENCES "public"."switches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "switches" ADD CONSTRAINT "switches_partition_id_partitions_id_fk" FOREIGN KEY ("partition_id") REFERENCES "public"."partitions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "machine_connections_switch_idx" ON "machine_connections" USING btree ("switch_id","port");--> statement-breakpoint
CREATE UNIQUE INDEX "switch_vlans_vlan_key" ON "switch_vlans" USING btree ("switch_id","vlan");--> statement-breakpoint
CREATE INDEX "switches_partition_rack_idx" ON "switches" USING btree ("partition_id","rack");--> statement-breakpoint
CREATE UNIQUE INDEX "switches_credential_key" ON "switches" USING btree ("credential_hash");