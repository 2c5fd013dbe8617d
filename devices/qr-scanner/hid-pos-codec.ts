// HID POS scanned-data reports (usage page 0x8C) → whole payloads. Pure: bytes in, typed results out.
//
// Layout implemented (devices.md "Barcode / QR scanners"; matches the Access-IS ATR110/LSR11x manuals and
// the Honeywell layout used by WebHID libraries). node-hid hands us the report WITH its report id first,
// so offsets below are into the whole report; "body" offsets (devices.md) are one less.
//
//   report[0]       report id, 0x02 = scanned data
//   report[1]       N: number of data bytes in this report (body byte 0)
//   report[2..4]    AIM symbology id `]xx` (body bytes 1–3); 00 00 00 when the scanner sends none
//   report[5..5+N)  data (up to 56 bytes in the usual 64-byte report)
//   ...             vendor bytes (Honeywell: its own code id at report[61]), reserved — ignored
//   report[last]    continuation flag: non-zero = more reports of the same payload follow
//
// Continuation reports repeat the layout (their AIM id is the same or zeros). Vendor bytes between the
// data and the flag are not interpreted: scanners differ there, and the AIM id says what we need.
// Report length is not fixed at 64 here (some scanners use 32-byte reports); we only require that
// header + N data bytes + vendor bytes(2) + flag fit.

export const HID_POS_USAGE_PAGE = 0x8c;
export const SCANNED_DATA_REPORT_ID = 0x02;
/** report id, N, `]xx` */
const HEADER = 5;
/** vendor symbology id, reserved, continuation flag */
const TRAILER = 3;
const AIM_FLAG = 0x5d; // ']'

export type HidPosErrorCode =
  | 'empty_report'
  | 'unexpected_report_id'
  | 'report_too_short'
  | 'length_exceeds_report'
  | 'bad_symbology_id'
  | 'symbology_changed'
  | 'payload_too_large'
  | 'empty_payload';

/** Details carry sizes and offsets only, never payload bytes (they may be personal data). */
export interface HidPosError {
  readonly code: HidPosErrorCode;
  readonly detail: string;
}

export type AssemblerOutput =
  | { readonly kind: 'partial'; readonly bytesSoFar: number }
  | { readonly kind: 'payload'; readonly symbology: string; readonly data: Uint8Array }
  | { readonly kind: 'error'; readonly error: HidPosError };

export interface DecodedReport {
  readonly symbology: string;
  readonly data: Uint8Array;
  readonly more: boolean;
}

/** Parses one report; does not know about the reports around it. */
export function decodeReport(report: Uint8Array): { ok: true; report: DecodedReport } | { ok: false; error: HidPosError } {
  const fail = (code: HidPosErrorCode, detail: string) => ({ ok: false as const, error: { code, detail } });
  if (report.length === 0) return fail('empty_report', 'report has 0 bytes');
  if (report[0] !== SCANNED_DATA_REPORT_ID) {
    return fail('unexpected_report_id', `report id 0x${report[0]!.toString(16).padStart(2, '0')}, expected 0x02`);
  }
  if (report.length < HEADER + TRAILER) return fail('report_too_short', `report has ${report.length} bytes, need at least ${HEADER + TRAILER}`);
  const n = report[1]!;
  const capacity = report.length - HEADER - TRAILER;
  if (n > capacity) return fail('length_exceeds_report', `length byte ${n} exceeds the ${capacity} data bytes a ${report.length}-byte report holds`);
  const symbology = decodeAim(report[2]!, report[3]!, report[4]!);
  if (symbology === null) return fail('bad_symbology_id', 'symbology id bytes are neither `]xx` nor zero');
  return {
    ok: true,
    report: { symbology, data: report.subarray(HEADER, HEADER + n), more: report[report.length - 1] !== 0 },
  };
}

function decodeAim(flag: number, code: number, modifier: number): string | null {
  if (flag === 0 && code === 0 && modifier === 0) return '';
  const printable = (b: number) => b > 0x20 && b < 0x7f;
  if (flag === AIM_FLAG && printable(code) && printable(modifier)) return String.fromCharCode(code, modifier);
  return null;
}

export interface AssemblerOptions {
  /** Bound on a joined payload; a scanner (or an attacker) streaming continuation reports is cut off here. */
  readonly maxBytes?: number;
}

/**
 * Joins multi-report payloads. Any bad report drops what was gathered so far and yields one typed error;
 * the next report starts afresh. Holds at most maxBytes.
 */
export class HidPosAssembler {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private symbology: string | null = null;
  /** After an oversize payload, swallow its remaining continuation reports instead of erroring on each. */
  private discarding = false;
  private readonly maxBytes: number;

  constructor(opts: AssemblerOptions = {}) {
    this.maxBytes = opts.maxBytes ?? 4096;
  }

  /** True while a payload is half-gathered (the driver times these out). */
  get pending(): boolean {
    return this.symbology !== null || this.discarding;
  }

  reset(): void {
    this.chunks = [];
    this.size = 0;
    this.symbology = null;
    this.discarding = false;
  }

  push(report: Uint8Array): AssemblerOutput {
    const decoded = decodeReport(report);
    if (!decoded.ok) {
      this.reset();
      return { kind: 'error', error: decoded.error };
    }
    const { symbology, data, more } = decoded.report;
    if (this.discarding) {
      if (!more) this.reset();
      return { kind: 'partial', bytesSoFar: 0 };
    }
    if (this.symbology !== null && symbology !== '' && this.symbology !== '' && symbology !== this.symbology) {
      this.reset();
      return { kind: 'error', error: { code: 'symbology_changed', detail: 'a continuation report carries a different symbology id' } };
    }
    if (this.size + data.length > this.maxBytes) {
      const total = this.size + data.length;
      this.reset();
      this.discarding = more;
      return { kind: 'error', error: { code: 'payload_too_large', detail: `payload exceeds ${this.maxBytes} bytes (${total} so far)` } };
    }
    if (this.symbology === null || this.symbology === '') this.symbology = symbology;
    if (data.length > 0) {
      // Copy: node-hid may reuse the report buffer.
      this.chunks.push(data.slice());
      this.size += data.length;
    }
    if (more) return { kind: 'partial', bytesSoFar: this.size };
    const payload = concat(this.chunks, this.size);
    const finalSymbology = this.symbology;
    this.reset();
    if (payload.length === 0) return { kind: 'error', error: { code: 'empty_payload', detail: 'final report with no data' } };
    return { kind: 'payload', symbology: finalSymbology, data: payload };
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Builds reports in the layout above; used by the simulator, the fake transport and tests. */
export function encodeReports(symbology: string, data: Uint8Array, reportLength = 64): Uint8Array[] {
  // N is one byte, so a report never carries more than 255 data bytes.
  const capacity = Math.min(255, reportLength - HEADER - TRAILER);
  if (capacity < 1) throw new RangeError(`report length ${reportLength} too small`);
  const reports: Uint8Array[] = [];
  let offset = 0;
  do {
    const chunk = data.subarray(offset, offset + capacity);
    offset += chunk.length;
    const r = new Uint8Array(reportLength);
    r[0] = SCANNED_DATA_REPORT_ID;
    r[1] = chunk.length;
    if (symbology.length === 2) {
      r[2] = AIM_FLAG;
      r[3] = symbology.charCodeAt(0);
      r[4] = symbology.charCodeAt(1);
    }
    r.set(chunk, HEADER);
    r[reportLength - 1] = offset < data.length ? 1 : 0;
    reports.push(r);
  } while (offset < data.length);
  return reports;
}
