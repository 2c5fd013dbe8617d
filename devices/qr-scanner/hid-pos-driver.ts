// HID POS scanner driver: finds the scanner (usage page 0x8C, or a configured VID/PID or path), optionally
// switches it into HID POS mode with a feature report, joins reports into scans, and validates each one.
// A device that errs or vanishes is dropped and re-opened with backoff (ARCHITECTURE rule 3).
import type { BackoffOptions } from '../core/backoff.js';
import type { TransportError } from '../core/byte-link.js';
import type { DeviceLogger } from '../core/log.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import { openFailure, type OpenFailure, type Session } from './device-loop.js';
import { HID_POS_USAGE_PAGE, HidPosAssembler, SCANNED_DATA_REPORT_ID, type HidPosError } from './hid-pos-codec.js';
import { describeTarget, hex4, type HidConnection, type HidDeviceInfo, type HidTarget, type HidTransport } from './hid-transport.js';
import { DEFAULT_MAX_SCAN_BYTES, makeScan, scanErrors, type ScanError, type ValidateOptions } from './scan.js';
import { ScannerBase } from './scanner-base.js';

/** Honeywell scanners switch to HID POS output on feature report 0xFE = 01 (as WebHID scanner libraries send). */
export const HONEYWELL_HID_POS_MODE: Uint8Array = Uint8Array.of(0xfe, 0x01);

export interface HidPosScannerOptions extends ValidateOptions {
  readonly deviceId: string;
  readonly transport: HidTransport;
  /** Exact device path; wins over VID/PID and usage page. */
  readonly path?: string;
  readonly vendorId?: number;
  readonly productId?: number;
  /** Default 0x8C (bar code scanner page). */
  readonly usagePage?: number;
  /** Sent after each open, report id first, for scanners that must be told to speak HID POS. */
  readonly featureReport?: Uint8Array;
  /** A half-joined payload whose next report does not come within this time is dropped. */
  readonly continuationTimeoutMs?: number;
  /** This many malformed reports in a row: the scanner is confused (lost its mode?); re-open it. */
  readonly maxBadReportsInARow?: number;
  readonly backoff?: BackoffOptions;
  readonly logger?: DeviceLogger;
}

export class HidPosScanner extends ScannerBase {
  private readonly assembler: HidPosAssembler;
  private continuationTimer: ReturnType<typeof setTimeout> | null = null;
  private badInARow = 0;

  constructor(private readonly opts: HidPosScannerOptions) {
    super(opts);
    this.assembler = new HidPosAssembler({ maxBytes: opts.maxBytes ?? DEFAULT_MAX_SCAN_BYTES });
  }

  protected async openSession(): Promise<Result<Session, OpenFailure>> {
    const opened = await this.openConnection();
    if (!opened.ok) return opened;
    const conn = opened.value;
    let offData = (): void => {};
    let offLost = (): void => {};
    const dropped = new Promise<TransportError>((resolve) => {
      offLost = conn.onLost(resolve);
      offData = conn.onData((report) => {
        if (this.onReport(report)) resolve({ code: 'io_error', detail: `${this.badInARow} malformed reports in a row; re-opening` });
      });
    });
    return ok({
      dropped,
      close: async () => {
        offData();
        offLost();
        this.dropPartial();
        await conn.close();
      },
    });
  }

  /** Returns true when the scanner should be re-opened. */
  private onReport(report: Uint8Array): boolean {
    // Other input reports on the scanner's interface (status, attributes) are not scans and not errors.
    if (report.length > 0 && report[0] !== SCANNED_DATA_REPORT_ID) {
      this.log({ level: 'debug', deviceId: this.deviceId, event: 'other_report', detail: `report id ${report[0]}` });
      return false;
    }
    const out = this.assembler.push(report);
    this.clearContinuationTimer();
    if (out.kind === 'partial') {
      if (this.assembler.pending) this.armContinuationTimer();
      return false;
    }
    if (out.kind === 'error') {
      this.emitError(fromCodecError(out.error));
      this.badInARow++;
      return this.badInARow >= (this.opts.maxBadReportsInARow ?? 5);
    }
    this.badInARow = 0;
    const scan = makeScan('hid-pos', out.symbology, out.data, this.opts);
    if (scan.ok) this.emitScan(scan.value);
    else this.emitError(scan.error);
    return false;
  }

  private armContinuationTimer(): void {
    this.continuationTimer = setTimeout(() => {
      this.continuationTimer = null;
      if (!this.assembler.pending) return;
      this.assembler.reset();
      this.emitError(scanErrors.incomplete('HID POS continuation report did not arrive'));
    }, this.opts.continuationTimeoutMs ?? 1_000);
  }

  private clearContinuationTimer(): void {
    if (this.continuationTimer !== null) clearTimeout(this.continuationTimer);
    this.continuationTimer = null;
  }

  private dropPartial(): void {
    this.clearContinuationTimer();
    this.assembler.reset();
    this.badInARow = 0;
  }

  private async openConnection(): Promise<Result<HidConnection, OpenFailure>> {
    const target = await this.findTarget();
    if (!target.ok) return target;
    const opened = await this.opts.transport.open(target.value);
    if (!opened.ok) return err(openFailure(opened.error, 'hid'));
    const conn = opened.value;
    if (this.opts.featureReport !== undefined) {
      const sent = await conn.sendFeatureReport(this.opts.featureReport);
      if (!sent.ok) {
        await conn.close();
        const detail = `${describeTarget(target.value)}: could not switch to HID POS mode: ${sent.error.detail}`;
        return err({ status: { kind: 'error', code: 'hid_mode_switch_failed', detail }, detail });
      }
    }
    return ok(conn);
  }

  private async findTarget(): Promise<Result<HidTarget, OpenFailure>> {
    if (this.opts.path !== undefined) return ok({ path: this.opts.path });
    const listed = await this.opts.transport.list();
    if (!listed.ok) return err({ status: { kind: 'error', code: 'hid_enumerate_failed', detail: listed.error.detail }, detail: listed.error.detail });
    const found = pickScanner(listed.value, this.opts);
    if (found === null) {
      const detail = `no HID POS scanner found (${wanted(this.opts)})`;
      return err({ status: { kind: 'no_device', detail }, detail });
    }
    return ok(found.path !== undefined ? { path: found.path } : { vendorId: found.vendorId, productId: found.productId });
  }
}

/**
 * The first device that matches the configured VID/PID (if any) and exposes the bar code scanner usage
 * page. A device listed without a usage page (some backends) is accepted only when VID/PID were given.
 */
export function pickScanner(
  devices: readonly HidDeviceInfo[],
  want: { vendorId?: number; productId?: number; usagePage?: number },
): HidDeviceInfo | null {
  const page = want.usagePage ?? HID_POS_USAGE_PAGE;
  const byId = want.vendorId !== undefined || want.productId !== undefined;
  const match = devices.filter(
    (d) =>
      (want.vendorId === undefined || d.vendorId === want.vendorId) &&
      (want.productId === undefined || d.productId === want.productId) &&
      (d.usagePage === page || (byId && (d.usagePage === undefined || d.usagePage === 0))),
  );
  return match[0] ?? null;
}

function wanted(o: { vendorId?: number; productId?: number; usagePage?: number }): string {
  const parts = [`usage page 0x${(o.usagePage ?? HID_POS_USAGE_PAGE).toString(16)}`];
  if (o.vendorId !== undefined) parts.push(`vid ${hex4(o.vendorId)}`);
  if (o.productId !== undefined) parts.push(`pid ${hex4(o.productId)}`);
  return parts.join(', ');
}

function fromCodecError(e: HidPosError): ScanError {
  const detail = `HID POS ${e.code}: ${e.detail}`;
  if (e.code === 'payload_too_large') return scanErrors.tooLarge(detail);
  if (e.code === 'empty_payload') return scanErrors.empty(detail);
  return scanErrors.malformed(detail);
}
