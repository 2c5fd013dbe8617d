// An in-memory HID stack for tests: plug and unplug devices, push input reports, see feature reports.
// The kernel here offers no virtual HID (uhid needs root), so the HID POS driver is tested on this.
import { err, ok, type Result } from '../../sync/protocol/result.js';
import type { TransportError } from '../core/byte-link.js';
import { Listeners } from '../core/listeners.js';
import type { HidConnection, HidDeviceInfo, HidTarget, HidTransport } from './hid-transport.js';

interface Plugged {
  readonly info: HidDeviceInfo & { readonly path: string };
  connection: MemoryHidConnection | null;
  readonly featureReports: Uint8Array[];
  failFeatureReports: boolean;
}

export class MemoryHidTransport implements HidTransport {
  private readonly devices = new Map<string, Plugged>();
  opens = 0;

  plug(info: HidDeviceInfo & { readonly path: string }, opts: { failFeatureReports?: boolean } = {}): void {
    this.devices.set(info.path, { info, connection: null, featureReports: [], failFeatureReports: opts.failFeatureReports ?? false });
  }

  /** Like pulling the cable: the open connection's read fails, and the device leaves the list. */
  unplug(path: string): void {
    const d = this.devices.get(path);
    this.devices.delete(path);
    d?.connection?.lose({ code: 'closed', detail: `hid ${path}: could not read from HID device` });
  }

  /** Sends an input report (report id first) to whoever has the device open. Returns false if nobody has. */
  send(path: string, report: Uint8Array): boolean {
    const c = this.devices.get(path)?.connection;
    if (c === null || c === undefined) return false;
    c.deliver(report);
    return true;
  }

  isOpen(path: string): boolean {
    return (this.devices.get(path)?.connection ?? null) !== null;
  }

  featureReports(path: string): readonly Uint8Array[] {
    return this.devices.get(path)?.featureReports ?? [];
  }

  list(): Promise<Result<readonly HidDeviceInfo[], TransportError>> {
    return Promise.resolve(ok([...this.devices.values()].map((d) => d.info)));
  }

  open(target: HidTarget): Promise<Result<HidConnection, TransportError>> {
    const d =
      'path' in target
        ? this.devices.get(target.path)
        : [...this.devices.values()].find((x) => x.info.vendorId === target.vendorId && x.info.productId === target.productId);
    if (d === undefined) return Promise.resolve(err({ code: 'not_found', detail: 'hid: no such device' }));
    if (d.connection !== null) return Promise.resolve(err({ code: 'busy', detail: `hid ${d.info.path}: already open` }));
    this.opens++;
    const c = new MemoryHidConnection(d, () => {
      if (d.connection === c) d.connection = null;
    });
    d.connection = c;
    return Promise.resolve(ok(c));
  }
}

class MemoryHidConnection implements HidConnection {
  private readonly data = new Listeners<Uint8Array>();
  private readonly lost = new Listeners<TransportError>();
  private closed = false;

  constructor(
    private readonly device: Plugged,
    private readonly release: () => void,
  ) {}

  deliver(report: Uint8Array): void {
    if (!this.closed) this.data.emit(report.slice());
  }

  lose(error: TransportError): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.lost.emit(error);
  }

  onData(listener: (report: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onLost(listener: (error: TransportError) => void): () => void {
    return this.lost.add(listener);
  }

  sendFeatureReport(report: Uint8Array): Promise<Result<void, TransportError>> {
    if (this.closed) return Promise.resolve(err({ code: 'closed', detail: 'hid: not open' }));
    if (this.device.failFeatureReports) return Promise.resolve(err({ code: 'io_error', detail: 'hid: feature report refused' }));
    this.device.featureReports.push(report.slice());
    return Promise.resolve(ok(undefined));
  }

  close(): Promise<void> {
    this.closed = true;
    this.release();
    this.data.clear();
    this.lost.clear();
    return Promise.resolve();
  }
}
