// A scanner on the other end of a serial line (one end of a socat pty pair in tests and demos): it
// writes scans the way a USB-CDC scanner does — optional AIM id, payload, suffix.
import type { TransportError } from '../core/byte-link.js';
import { openSerial } from '../core/serial-transport.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import type { ScanSuffix } from './line-framer.js';

export interface ScannerSimulatorOptions {
  readonly path: string;
  readonly baudRate?: number;
  /** Default CR, like the driver. */
  readonly suffix?: ScanSuffix;
}

export interface ScannerSimulator {
  /** Sends `]` + symbology (when given) + UTF-8 text + suffix. */
  scan(text: string, symbology?: string): Promise<Result<void, TransportError>>;
  /** Sends bytes exactly as given: hostile payloads, partial lines, wrong suffixes. */
  sendRaw(bytes: Uint8Array): Promise<Result<void, TransportError>>;
  close(): Promise<void>;
}

export function suffixBytes(suffix: ScanSuffix): Uint8Array {
  if (suffix === 'CR') return Uint8Array.of(0x0d);
  if (suffix === 'LF') return Uint8Array.of(0x0a);
  if (suffix === 'CRLF') return Uint8Array.of(0x0d, 0x0a);
  return Uint8Array.of(suffix.byte & 0xff);
}

/** Encodes one scan line; exported for unit tests of the framer. */
export function encodeScanLine(text: string, symbology: string | undefined, suffix: ScanSuffix): Uint8Array {
  const prefix = symbology === undefined || symbology === '' ? '' : `]${symbology}`;
  const body = new TextEncoder().encode(prefix + text);
  const end = suffixBytes(suffix);
  const line = new Uint8Array(body.length + end.length);
  line.set(body);
  line.set(end, body.length);
  return line;
}

export async function startScannerSimulator(opts: ScannerSimulatorOptions): Promise<Result<ScannerSimulator, TransportError>> {
  const opened = await openSerial({ path: opts.path, baudRate: opts.baudRate ?? 9600 });
  if (!opened.ok) return err(opened.error);
  const link = opened.value;
  const suffix = opts.suffix ?? 'CR';
  return ok({
    scan: (text, symbology) => link.write(encodeScanLine(text, symbology, suffix)),
    sendRaw: (bytes) => link.write(bytes),
    close: () => link.close(),
  });
}
