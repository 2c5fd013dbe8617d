// QR and barcode scanners: three ways in (HID POS, USB-CDC serial, keyboard wedge), one scan event.
import type { HidPosScannerOptions } from './hid-pos-driver.js';
import { HidPosScanner } from './hid-pos-driver.js';
import type { HidTransport } from './hid-transport.js';
import { KeyboardWedgeDetector, type WedgeOptions } from '../../sync/protocol/keyboard-wedge.js';
import { createNodeHidTransport } from './node-hid-transport.js';
import type { QrScanner } from './scanner.js';
import { SerialScanner, type SerialScannerOptions } from './serial-scanner-driver.js';

export type { Scan, ScanError, ScanErrorCode, ScanSource, ValidateOptions } from './scan.js';
export { DEFAULT_MAX_SCAN_BYTES, makeScan, scanErrors, splitAimPrefix, toScanEvent, validateScanPayload, validateScanText } from './scan.js';
export type { QrScanner, ScannerEvent } from './scanner.js';
export type { AssemblerOutput, HidPosError, HidPosErrorCode } from './hid-pos-codec.js';
export { decodeReport, encodeReports, HID_POS_USAGE_PAGE, HidPosAssembler } from './hid-pos-codec.js';
export type { HidConnection, HidDeviceInfo, HidTarget, HidTransport } from './hid-transport.js';
export { HONEYWELL_HID_POS_MODE, pickScanner, type HidPosScannerOptions } from './hid-pos-driver.js';
export { createNodeHidTransport } from './node-hid-transport.js';
export { MemoryHidTransport } from './memory-hid-transport.js';
export type { ScanSuffix } from './line-framer.js';
export type { SerialScannerOptions } from './serial-scanner-driver.js';
export { startScannerSimulator, type ScannerSimulator, type ScannerSimulatorOptions } from './simulator.js';
export { KeyboardWedgeDetector, type KeyInput, type WedgeOptions, type WedgeOutput, type WedgeRefusal } from '../../sync/protocol/keyboard-wedge.js';
export { FakeQrScanner, type FakeQrScannerOptions } from './fake.js';

/** A HID POS scanner; node-hid unless a transport is given (tests: MemoryHidTransport). */
export function createHidPosScanner(opts: Omit<HidPosScannerOptions, 'transport'> & { readonly transport?: HidTransport }): QrScanner {
  return new HidPosScanner({ ...opts, transport: opts.transport ?? createNodeHidTransport() });
}

/** A USB-CDC / RS-232 scanner on a serial port (or a pty, for the simulator). */
export function createSerialScanner(opts: SerialScannerOptions): QrScanner {
  return new SerialScanner(opts);
}

/** For the renderer's keydown handler (keyboard-wedge scanners); pure, no Node. */
export function createKeyboardWedgeDetector(opts: WedgeOptions = {}): KeyboardWedgeDetector {
  return new KeyboardWedgeDetector(opts);
}
