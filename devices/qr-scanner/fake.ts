// An in-memory scanner for unit tests of code that uses one (host services, session flows). Unit tests
// only: integration tests use the simulator on a pty pair, which runs the real driver.
import { Listeners } from '../core/listeners.js';
import { StatusCell } from '../core/status-cell.js';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { makeScan, type ScanError, type ScanSource, type ValidateOptions } from './scan.js';
import type { QrScanner, ScannerEvent } from './scanner.js';

export interface FakeQrScannerOptions extends ValidateOptions {
  readonly deviceId?: string;
  readonly source?: ScanSource;
}

export class FakeQrScanner implements QrScanner {
  readonly deviceId: string;
  private readonly cell = new StatusCell();
  private readonly events = new Listeners<ScannerEvent>();
  private running = false;

  constructor(private readonly opts: FakeQrScannerOptions = {}) {
    this.deviceId = opts.deviceId ?? 'fake-qr-scanner';
  }

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
    this.running = true;
    this.cell.set({ kind: 'ready' });
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.running = false;
    this.cell.set({ kind: 'disabled' });
    return Promise.resolve();
  }

  /** Simulates unplugging, errors, and so on. */
  setStatus(status: DeviceStatus): void {
    this.cell.set(status);
  }

  /** A scan of `text`, validated like a real driver does. Nothing happens unless started and ready, as with a real scanner. */
  scan(text: string, symbology = 'Q1'): ScannerEvent | null {
    return this.scanBytes(new TextEncoder().encode(text), symbology);
  }

  /** A scan of raw bytes: hostile payloads, GB18030 text, oversize codes. */
  scanBytes(bytes: Uint8Array, symbology = 'Q1'): ScannerEvent | null {
    const made = makeScan(this.opts.source ?? 'serial', symbology, bytes, this.opts);
    return this.emit(made.ok ? { type: 'scan', scan: made.value } : { type: 'scan-error', error: made.error });
  }

  /** A refused scan with a given error (e.g. a broken HID report). */
  fail(error: ScanError): ScannerEvent | null {
    return this.emit({ type: 'scan-error', error });
  }

  private emit(event: ScannerEvent): ScannerEvent | null {
    if (!this.running || this.cell.get().kind !== 'ready') return null;
    this.events.emit(event);
    return event;
  }
}
