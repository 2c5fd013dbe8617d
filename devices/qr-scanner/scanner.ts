// The scanner as the host sees it, whichever way it is attached. Implemented by the HID POS driver,
// the serial (USB-CDC) driver, and an in-memory fake for unit tests. Keyboard-wedge scanners are not
// devices the host can open: the renderer tells their keystrokes apart (keyboard-wedge.ts).
import type { Device, Unsubscribe } from '../core/device.js';
import type { Scan, ScanError } from './scan.js';

export type ScannerEvent =
  | { readonly type: 'scan'; readonly scan: Scan }
  /** Something was scanned but refused (too large, control characters, bad encoding, broken report); the loop goes on. */
  | { readonly type: 'scan-error'; readonly error: ScanError };

export interface QrScanner extends Device {
  onScan(listener: (event: ScannerEvent) => void): Unsubscribe;
}
