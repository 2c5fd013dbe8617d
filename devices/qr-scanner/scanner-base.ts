// What the HID POS and serial scanner drivers have in common: status, listeners, start/stop around the
// shared re-open loop, and logging that never carries scan contents.
import { Backoff, type BackoffOptions } from '../core/backoff.js';
import { Listeners } from '../core/listeners.js';
import { silentLogger, type DeviceLogger } from '../core/log.js';
import { StatusCell } from '../core/status-cell.js';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import type { Result } from '../../sync/protocol/result.js';
import { runDeviceLoop, type OpenFailure, type Session } from './device-loop.js';
import type { Scan, ScanError } from './scan.js';
import type { QrScanner, ScannerEvent } from './scanner.js';

// Finding a scanner again is cheap, so a replugged one is back within a few seconds.
export const SCANNER_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000, factor: 2, jitter: 0.2 };

export interface ScannerBaseOptions {
  readonly deviceId: string;
  readonly backoff?: BackoffOptions;
  readonly logger?: DeviceLogger;
}

export abstract class ScannerBase implements QrScanner {
  readonly deviceId: string;
  protected readonly log: DeviceLogger;
  private readonly cell = new StatusCell();
  private readonly events = new Listeners<ScannerEvent>();
  private readonly backoff: Backoff;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(opts: ScannerBaseOptions) {
    this.deviceId = opts.deviceId;
    this.backoff = new Backoff(opts.backoff ?? SCANNER_BACKOFF);
    this.log = opts.logger ?? silentLogger;
  }

  /** Opens the device and wires its data to emitScan/emitError; `dropped` says when to re-open. */
  protected abstract openSession(): Promise<Result<Session, OpenFailure>>;

  status(): DeviceStatus {
    return this.cell.get();
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.cell.subscribe(listener);
  }

  onScan(listener: (event: ScannerEvent) => void): () => void {
    return this.events.add(listener);
  }

  start(): Promise<void> {
    if (this.abort !== null) return Promise.resolve();
    this.abort = new AbortController();
    this.cell.set({ kind: 'starting' });
    const parts = { deviceId: this.deviceId, cell: this.cell, backoff: this.backoff, log: this.log, open: () => this.openSession() };
    this.loop = runDeviceLoop(parts, this.abort.signal);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    if (this.abort === null) return;
    this.abort.abort();
    await this.loop;
    this.abort = null;
    this.loop = null;
    this.cell.set({ kind: 'disabled' });
  }

  protected emitScan(scan: Scan): void {
    // Never the text: it may be personal data. Symbology and size are enough to trace a problem.
    this.log({ level: 'debug', deviceId: this.deviceId, event: 'scan', detail: `${scan.symbology || '?'} ${scan.raw.length} bytes` });
    this.events.emit({ type: 'scan', scan });
  }

  protected emitError(error: ScanError): void {
    this.log({ level: 'warn', deviceId: this.deviceId, event: 'scan_refused', detail: `${error.code}: ${error.detail ?? ''}` });
    this.events.emit({ type: 'scan-error', error });
  }
}
