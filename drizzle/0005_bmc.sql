CREATE TABLE "bmc_commands" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "bmc_commands_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"machine_id" text NOT NULL,
	"command" text NOT NULL,
	"persistent" boolean DEFAULT false NOT NULL,
	"group_id" text NOT NULL,
	"origin" text NOT NULL,
	"requester_id" text,
	"requester_name" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"error" text,
	"note" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "machine_bmcs" (
	"machine_id" text PRIMARY KEY NOT NULL,
	"protocol" text NOT NULL,
	"address" text NOT NULL,
	"mac" text DEFAULT '' NOT NULL,
	"user" text DEFAULT '' NOT NULL,
	"password_enc" text DEFAULT '' NOT NULL,
	"insecure_tls" boolean DEFAULT false NOT NULL,
	"operator_managed" boolean DEFAULT false NOT NULL,
	"info" jsonb,
	"last_poll_at" timestamp with time zone,
	"last_poll_ok_at" timestamp with time zone,
	"last_poll_error" text,
	"next_poll_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bmc_commands" ADD CONSTRAINT "bmc_commands_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_bmcs" ADD CONSTRAINT "machine_bmcs_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bmc_commands_machine_idx" ON "bmc_commands" USING btree ("machine_id","seq");--> statement-breakpoint
CREATE INDEX "bmc_commands_pending_idx" ON "bmc_commands" USING btree ("status","run_after") WHERE "bmc_commands"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "bmc_commands_one_running_key" ON "bmc_commands" USING btree ("machine_id") WHERE "bmc_commands"."status" = 'running';--> statement-breakpoint
CREATE INDEX "machine_bmcs_next_poll_idx" ON "machine_bmcs" USING btree ("next_poll_at");