import { BmcError } from "../driver";

/**
 * Turns a failed ipmitool run into a BmcError. ipmitool's exit status says little (1 for
 * everything, sometimes 0 on failure), so the kind comes from what it printed on stderr.
 * The driver runs ipmitool with -v: without it a wrong password and an unreachable BMC print
 * the same single line ("Unable to establish IPMI v2 / RMCP+ session"); with it the RAKP
 * answer ("RAKP 2 HMAC is invalid", "unauthorized name") or the missing one ("Get Auth
 * Capabilities error") is named. Messages quote ipmitool's line, never the password.
 */
export type IpmitoolFailure = {
  /** What the driver was doing, e.g. "power on", for the message. */
  action: string;
  stderr: string;
  /** The process was killed by our per-call timeout. */
  timedOut?: boolean;
  timeoutMs?: number;
  /** host:port, for "no answer" messages. */
  target: string;
  /** The lanplus cipher suite asked for (-C), for configuration messages; default 3. */
  cipherSuite?: number;
};

/** Lines -v adds to every run (OEM/VSO probing) that say nothing about the failure. */
const NOISE = [
  /^Loading IANA PEN Registry/,
  /^Running Get VSO Capabilities/,
  /^Invalid completion code received: Invalid command$/,
  /^Discovered IPMB address/,
  /^Get HPM\.x Capabilities request failed/,
  /^Chassis may not support Force Identify On$/,
];

export function meaningfulLines(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.replace(/^>\s*/, "").trim())
    .filter((l) => l && !NOISE.some((re) => re.test(l)));
}

const AUTH = /RAKP \d message indicates an error : (unauthorized name|invalid integrity check value|unauthorized role|invalid role|invalid name length|unauthorized GUID)|RAKP 2 HMAC is invalid|RAKP 4 message has invalid integrity check value|invalid role|unauthorized role requested|Set Session Privilege Level to \w+ failed/i;
/**
 * The BMC does not do the cipher suite asked for: it refuses the open-session request
 * (ipmi_sim: "invalid authentication algorithm"), answers with other algorithms than requested
 * (ipmitool: "Authentication algorithm 0x01 is not what we requested 0x03"), or ipmitool itself
 * cannot build that suite's messages and aborts (an assertion in lanplus.c).
 */
const CIPHER = /invalid (authentication|integrity|confidentiality) algorithm|no matching (cipher suite|authentication algorithm|integrity payload)|(Authentication|Integrity|Encryption) algorithm 0x[0-9a-f]+ is not what we requested|lanplus\.c:\d+: \w+: Assertion/i;
/** A BMC with IPMI over LAN 1.5 only (lanplus needs 2.0 / RMCP+ enabled). */
const NO_V2 = /This BMC does not support IPMI v2 \/ RMCP\+/i;
const BUSY = /insufficient resources for (session|role)/i;
/**
 * No answer: before the session ("Get Auth Capabilities error"), during its setup ("no
 * response from RAKP 1 message"), or later: ipmitool prints "Unable to <do X>" or
 * "Error <doing> X" without a ": <completion code>" when a request got no response at all.
 */
const NO_ANSWER = /Get Auth Capabilities error|no response from RAKP|Unable to establish IPMI v2 \/ RMCP\+ session|^Unable to |^Error (sending|setting|issuing|getting|reading)\b[^:]*$/im;
/**
 * ipmitool's formats for a non-zero completion code: "<what> failed: <code text>",
 * "DCMI request failed because: <code text> (c1)", "Error sending <what> command: <code text>".
 */
const COMPLETION = [/^.*? failed(?: because)?: (.+?)(?: \([0-9a-f]{2}\))?$/i, /^Error sending .*?: (.+)$/];

function completionCode(lines: string[]): { line: string; code: string } | null {
  for (const line of lines) {
    for (const re of COMPLETION) {
      const m = re.exec(line);
      if (m) return { line, code: m[1] };
    }
  }
  return null;
}

export function classifyIpmitoolFailure(f: IpmitoolFailure): BmcError {
  if (f.timedOut) return new BmcError("timeout", `${f.action}: no answer from the BMC at ${f.target} within ${f.timeoutMs} ms`);
  const lines = meaningfulLines(f.stderr);
  const text = lines.join("\n");
  if (BUSY.test(text)) return new BmcError("busy", `${f.action}: the BMC has no free session (insufficient resources for session)`);
  if (AUTH.test(text)) return new BmcError("auth", `${f.action}: authentication failed (${firstMatch(lines, AUTH)})`);
  const suite = f.cipherSuite ?? 3;
  if (CIPHER.test(text)) {
    return new BmcError("config", `${f.action}: the BMC does not accept IPMI cipher suite ${suite} (${firstMatch(lines, CIPHER)}); enable cipher suite ${suite} for IPMI over LAN in the BMC's settings`);
  }
  if (NO_V2.test(text)) {
    return new BmcError("config", `${f.action}: the BMC does not offer IPMI 2.0 / RMCP+ (lanplus); enable IPMI 2.0 over LAN in the BMC's settings, or manage it over Redfish`);
  }
  const completion = completionCode(lines);
  if (completion) return fromCompletionCode(f.action, completion.code, completion.line);
  if (NO_ANSWER.test(text)) return new BmcError("unreachable", `${f.action}: no answer from the BMC at ${f.target} (${firstMatch(lines, NO_ANSWER)})`);
  const last = lines.at(-1) ?? "ipmitool failed without a message";
  return new BmcError("rejected", `${f.action}: ${last}`);
}

/** Completion codes (IPMI 2.0 table 5-2) as ipmitool names them. */
function fromCompletionCode(action: string, code: string, line: string): BmcError {
  if (/^Node busy|^BMC initialization in progress|^Device firm[a-z]* in update mode|^SDR Repository in update mode/i.test(code)) {
    return new BmcError("busy", `${action}: ${line}`);
  }
  if (/^Insufficient privilege level/i.test(code)) return new BmcError("auth", `${action}: authentication failed (${line})`);
  if (/^Invalid command|^Cannot execute command, command disabled/i.test(code)) return new BmcError("unsupported", `${action}: ${line}`);
  if (/^Timeout/i.test(code)) return new BmcError("timeout", `${action}: ${line}`);
  return new BmcError("rejected", `${action}: ${line}`);
}

function firstMatch(lines: string[], re: RegExp): string {
  return lines.find((l) => re.test(l)) ?? "";
}
