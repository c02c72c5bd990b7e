/**
 * The three files ipmi_sim starts from (LAB-RECIPES §1): lan.conf (the LAN channel, its one
 * admin user, and the chassis_control program), sim.emu (the management controller, its
 * sensors and the FRU image) and the SDR source compiled by sdrcomp (sensor records, so
 * `sdr list` and `sdr type "Power Supply"` answer like a server's BMC).
 */
export type LanConfOptions = {
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** The command line ipmi_sim runs (through /bin/sh) for chassis get/set. */
  chassisControl: string;
  /** Sessions the user may have open at once (default 4, as on many real BMCs). */
  maxSessions?: number;
};

function quotedValue(what: string, value: string, maxBytes: number): string {
  if (!/^[\x21\x23-\x5b\x5d-\x7e]*$/.test(value)) throw new Error(`${what}: printable ASCII without spaces, quotes or backslashes`);
  if (Buffer.byteLength(value) > maxBytes) throw new Error(`${what}: at most ${maxBytes} bytes`);
  return `"${value}"`;
}

export function renderLanConf(o: LanConfOptions): string {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(o.name)) throw new Error(`BMC name "${o.name}": letters, digits, _ and - only`);
  if (/["\n]/.test(o.chassisControl)) throw new Error("chassis_control command: no double quotes or newlines");
  const auths = "none md2 md5 straight";
  return [
    `name "${o.name}"`,
    "set_working_mc 0x20",
    "  startlan 1",
    `    addr ${o.host} ${o.port}`,
    "    priv_limit admin",
    ...["callback", "user", "operator", "admin"].map((p) => `    allowed_auths_${p} ${auths}`),
    "    guid a123456789abcdefa123456789abcd01",
    "  endlan",
    `  chassis_control "${o.chassisControl}"`,
    `  user 2 true ${quotedValue("BMC user", o.user, 16)} ${quotedValue("BMC password", o.password, 20)} admin ${o.maxSessions ?? 4} ${auths}`,
    "",
  ].join("\n");
}

/** "2.45" → Get Device ID's major (binary) and minor (BCD) firmware revision bytes. */
export function firmwareBytes(version: string): [string, string] {
  const match = /^(\d{1,3})\.(\d{2})$/.exec(version);
  if (!match || Number(match[1]) > 127) throw new Error(`firmware version "${version}": expected M.mm (M ≤ 127), e.g. 2.45`);
  return [`0x${Number(match[1]).toString(16)}`, `0x${match[2]}`];
}

export const SENSOR = { inletTemp: 1, ps1: 2, ps2: 3 } as const;

/** MontaVista's IANA number and product ID: the BMC is honest about being OpenIPMI's simulator. */
export function renderSimEmu(o: { firmwareVersion: string; fruFile: string; fruSize: number; inletCelsius: number }): string {
  if (/["\n]/.test(o.fruFile)) throw new Error("FRU file path: no double quotes or newlines");
  const [major, minor] = firmwareBytes(o.firmwareVersion);
  return [
    "mc_setbmc 0x20",
    `mc_add 0x20 0 no-device-sdrs 0x23 ${major} ${minor} 0x9f 0x1291 0xf02 persist_sdr`,
    "sel_enable 0x20 1000 0x0a",
    `sensor_add 0x20 0 ${SENSOR.inletTemp} 0x01 0x01`,
    `sensor_set_value 0x20 0 ${SENSOR.inletTemp} ${o.inletCelsius} 0`,
    // Power supply sensors (type 0x08, sensor-specific): offset 0 = "Presence detected".
    ...[SENSOR.ps1, SENSOR.ps2].flatMap((n) => [`sensor_add 0x20 0 ${n} 0x08 0x6f`, `sensor_set_bit 0x20 0 ${n} 0 1 0`]),
    `mc_add_fru_data 0x20 0 ${o.fruSize} file 0 "${o.fruFile}"`,
    "mc_enable 0x20",
    "",
  ].join("\n");
}

const temperatureSdr = `sdr type 1
  sensor_owner_id 0x20
  sensor_owner_lun 0
  channel_number 0
  sensor_number ${SENSOR.inletTemp}
  entity_id system_board
  entity_instance 1
  sensor_type Temperature
  init_scanning true
  init_sensor_type true
  default_sensor_scan_on true
  event_reading_type_code 1
  analog_data_format unsigned
  rate_unit none
  modifier_unit none
  percentage false
  base_unit degrees_C
  modifier_unit_code unspecified
  linearization linear
  m 1
  tolerance 0
  b 0
  accuracy 1
  accuracy_exp 0
  sensor_direction input
  r_exp 0
  b_exp 0
  sensor_maximum 255
  sensor_minimum 0
  id_string "Inlet Temp"
endsdr
`;

/** Compact sensor records; asserted states shown: presence, failure, AC lost (offsets 0, 1, 3). */
const powerSupplySdr = (sensor: number, instance: number) => `sdr type 2
  sensor_owner_id 0x20
  sensor_owner_lun 0
  channel_number 0
  sensor_number ${sensor}
  entity_id power_supply
  entity_instance ${instance}
  sensor_type Power_Supply
  init_scanning true
  init_sensor_type true
  default_sensor_scan_on true
  event_reading_type_code 0x6f
  event0_state_ret true
  event1_state_ret true
  event3_state_ret true
  assert_event0 true
  assert_event1 true
  assert_event3 true
  id_string "PS${instance} Status"
endsdr
`;

export const SDR_SOURCE = [temperatureSdr, powerSupplySdr(SENSOR.ps1, 1), powerSupplySdr(SENSOR.ps2, 2)].join("\n");
