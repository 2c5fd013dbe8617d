// USB-CDC (virtual COM port) and RS-232 scanners: one scan per line, configurable suffix, optional AIM
// `]xx` prefix. A line that stops mid-way (cable pulled, scanner reset) is discarded after a quiet gap,
// so its half never glues onto the next scan.
import type { BackoffOptions } from '../core/backoff.js';
import type { ByteLink, TransportError } from '../core/byte-link.js';
import type { DeviceLogger } from '../core/log.js';
import { openSerial, type SerialOptions } from '../core/serial-transport.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import { openFailure, type OpenFailure, type Session } from './device-loop.js';
import { LineFramer, type FramerOutput, type ScanSuffix } from './line-framer.js';
import { DEFAULT_MAX_SCAN_BYTES, makeScan, scanErrors, splitAimPrefix, type ValidateOptions } from './scan.js';
import { ScannerBase } from './scanner-base.js';

export interface SerialScannerOptions extends ValidateOptions {
  readonly deviceId: string;
  readonly path: string;
  /** USB-CDC ignores it; RS-232 scanners default to 9600. */
  readonly baudRate?: number;
  /** Default CR, the factory setting of most scanners. */
  readonly suffix?: ScanSuffix;
  /**
   * Default true: a leading `]xx` is taken as the AIM symbology id. Turn off only for a scanner that
   * sends no AIM id and reads codes whose data may start with ']'.
   */
  readonly aimPrefix?: boolean;
  /** Quiet gap after which a line without its suffix is dropped. */
  readonly partialTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  readonly logger?: DeviceLogger;
  /** Injectable for tests; defaults to the shared serialport transport. */
  readonly openLink?: (opts: SerialOptions) => Promise<Result<ByteLink, TransportError>>;
}

const AIM_PREFIX_BYTES = 3;

export class SerialScanner extends ScannerBase {
  private readonly maxBytes: number;
  private framer: LineFramer;
  private partialTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: SerialScannerOptions) {
    super(opts);
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_SCAN_BYTES;
    this.framer = this.newFramer();
  }

  private newFramer(): LineFramer {
    // Room for the AIM prefix on top of the payload limit, which validation enforces exactly.
    return new LineFramer(this.opts.suffix ?? 'CR', this.maxBytes + AIM_PREFIX_BYTES);
  }

  protected async openSession(): Promise<Result<Session, OpenFailure>> {
    const open = this.opts.openLink ?? openSerial;
    const opened = await open({ path: this.opts.path, baudRate: this.opts.baudRate ?? 9600 });
    if (!opened.ok) return err(openFailure(opened.error, 'serial'));
    const link = opened.value;
    this.framer = this.newFramer();
    let offData = (): void => {};
    let offLost = (): void => {};
    const dropped = new Promise<TransportError>((resolve) => {
      offLost = link.onLost(resolve);
      offData = link.onData((chunk) => this.onChunk(chunk));
    });
    return ok({
      dropped,
      close: async () => {
        offData();
        offLost();
        this.clearPartialTimer();
        this.framer.discardPartial();
        await link.close();
      },
    });
  }

  private onChunk(chunk: Uint8Array): void {
    this.clearPartialTimer();
    for (const out of this.framer.push(chunk)) this.onFramed(out);
    if (this.framer.pending) this.armPartialTimer();
  }

  private onFramed(out: FramerOutput): void {
    if (out.kind === 'overflow') {
      this.emitError(scanErrors.tooLarge(`line of ${out.size} bytes, limit ${this.maxBytes}`));
      return;
    }
    const { symbology, payload } = this.opts.aimPrefix === false ? { symbology: '', payload: out.bytes } : splitAimPrefix(out.bytes);
    const scan = makeScan('serial', symbology, payload, this.opts);
    if (scan.ok) this.emitScan(scan.value);
    else this.emitError(scan.error);
  }

  private armPartialTimer(): void {
    this.partialTimer = setTimeout(() => {
      this.partialTimer = null;
      const dropped = this.framer.discardPartial();
      if (dropped > 0) this.emitError(scanErrors.incomplete(`${dropped} bytes without a line suffix, discarded`));
    }, this.opts.partialTimeoutMs ?? 500);
  }

  private clearPartialTimer(): void {
    if (this.partialTimer !== null) clearTimeout(this.partialTimer);
    this.partialTimer = null;
  }
}
