import { z } from "zod";

/**
 * The parts of Redfish resources the driver reads (DSP0268 schema names). Everything we can
 * live without is optional and nullable: BMCs omit properties freely and report null for
 * unknown values. What the driver cannot work without (a system's PowerState, a collection's
 * Members, a reset action's target) is required, so its absence is a "malformed" answer.
 */
const ref = z.object({ "@odata.id": z.string().min(1) });
const refs = z.array(ref);
const text = z.string().nullish();
const status = z.object({ State: text, Health: text }).nullish();

export const serviceRootSchema = z.object({
  Systems: ref.optional(),
  Managers: ref.optional(),
  Chassis: ref.optional(),
  SessionService: ref.optional(),
  Links: z.object({ Sessions: ref.optional() }).optional(),
});

export const collectionSchema = z.object({ Members: refs });

export const powerStates = ["On", "Off", "PoweringOn", "PoweringOff", "Paused"] as const;
export type RedfishPowerState = (typeof powerStates)[number];

export const resetActionSchema = z.object({
  target: z.string().min(1),
  "ResetType@Redfish.AllowableValues": z.array(z.string()).optional(),
  "@Redfish.ActionInfo": z.string().min(1).optional(),
});

const indicator = { IndicatorLED: text, LocationIndicatorActive: z.boolean().nullish() };

export const systemSchema = z.object({
  PowerState: z.enum(powerStates),
  Manufacturer: text,
  Model: text,
  SerialNumber: text,
  BiosVersion: text,
  ...indicator,
  Boot: z.object({
    BootSourceOverrideTarget: text,
    BootSourceOverrideEnabled: text,
    BootSourceOverrideMode: text,
    "BootSourceOverrideTarget@Redfish.AllowableValues": z.array(z.string()).optional(),
    "BootSourceOverrideEnabled@Redfish.AllowableValues": z.array(z.string()).optional(),
    "BootSourceOverrideMode@Redfish.AllowableValues": z.array(z.string()).optional(),
  }).optional(),
  Actions: z.object({ "#ComputerSystem.Reset": resetActionSchema.optional() }).optional(),
  Links: z.object({ Chassis: refs.optional(), ManagedBy: refs.optional() }).optional(),
});
export type RedfishSystem = z.infer<typeof systemSchema>;

export const managerSchema = z.object({ FirmwareVersion: text });

export const chassisSchema = z.object({
  ...indicator,
  Manufacturer: text,
  Model: text,
  SerialNumber: text,
  Power: ref.optional(),
  PowerSubsystem: ref.optional(),
  EnvironmentMetrics: ref.optional(),
});
export type RedfishChassis = z.infer<typeof chassisSchema>;

const powerSupply = z.object({ Name: text, MemberId: text, Id: text, Status: status });
export type RedfishPowerSupply = z.infer<typeof powerSupply>;

/** The deprecated but widespread Chassis/{id}/Power resource. */
export const powerSchema = z.object({
  PowerControl: z.array(z.object({ PowerConsumedWatts: z.number().nullish() })).nullish(),
  PowerSupplies: z.array(powerSupply).nullish(),
});

/** Its successor: PowerSubsystem → PowerSupplies collection → PowerSupply, plus EnvironmentMetrics. */
export const powerSubsystemSchema = z.object({ PowerSupplies: ref.optional() });
export const powerSupplySchema = powerSupply;
export const environmentMetricsSchema = z.object({
  PowerWatts: z.object({ Reading: z.number().nullish() }).nullish(),
});

export const actionInfoSchema = z.object({
  Parameters: z.array(z.object({ Name: z.string(), AllowableValues: z.array(z.string()).nullish() })).nullish(),
});

export const taskSchema = z.object({
  TaskState: z.string().optional(),
  Messages: z.array(z.object({ Message: text })).nullish(),
});

/** The error body of a 4xx/5xx answer (Redfish spec §9.5.2.1, "error" with extended info). */
export const errorBodySchema = z.object({
  error: z.object({
    message: text,
    "@Message.ExtendedInfo": z.array(z.object({ Message: text })).nullish(),
  }),
});
