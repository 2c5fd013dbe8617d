// What the HID POS driver needs from a HID stack, so that tests can run it on an in-memory device
// (the kernel here offers no virtual HID) and production on node-hid (node-hid-transport.ts).
import type { Result } from '../../sync/protocol/result.js';
import type { TransportError } from '../core/byte-link.js';
import type { Unsubscribe } from '../core/device.js';

export interface HidDeviceInfo {
  readonly path?: string;
  readonly vendorId: number;
  readonly productId: number;
  /** Top-level collection; hidapi reports one entry per collection on Windows/macOS. */
  readonly usagePage?: number;
  readonly usage?: number;
  readonly product?: string;
}

export type HidTarget = { readonly path: string } | { readonly vendorId: number; readonly productId: number };

export interface HidConnection {
  /** Input reports, report id first (as hidapi delivers numbered reports). */
  onData(listener: (report: Uint8Array) => void): Unsubscribe;
  /** Fires once when the device goes away or a read fails; not after close(). */
  onLost(listener: (error: TransportError) => void): Unsubscribe;
  /** Report id first. */
  sendFeatureReport(report: Uint8Array): Promise<Result<void, TransportError>>;
  close(): Promise<void>;
}

export interface HidTransport {
  list(): Promise<Result<readonly HidDeviceInfo[], TransportError>>;
  open(target: HidTarget): Promise<Result<HidConnection, TransportError>>;
}

export function describeTarget(target: HidTarget): string {
  return 'path' in target ? `hid ${target.path}` : `hid ${hex4(target.vendorId)}:${hex4(target.productId)}`;
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
