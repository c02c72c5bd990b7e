CREATE TABLE "bmc_power_readings" (
	"machine_id" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"watts" integer NOT NULL,
	CONSTRAINT "bmc_power_readings_machine_id_time_pk" PRIMARY KEY("machine_id","time")
);
--> statement-breakpoint
ALTER TABLE "bmc_power_readings" ADD CONSTRAINT "bmc_power_readings_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;