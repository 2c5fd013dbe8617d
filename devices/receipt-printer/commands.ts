// ESC/POS byte sequences used by this project (devices.md). One place, so the encoder, the parser
// and the driver agree byte for byte.
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;
export const DLE = 0x10;
export const LF = 0x0a;

export const INIT = Uint8Array.of(ESC, 0x40);
export const CHINESE_MODE_ON = Uint8Array.of(FS, 0x26);
export const CHINESE_MODE_OFF = Uint8Array.of(FS, 0x2e);
export const FULL_CUT = Uint8Array.of(GS, 0x56, 0x00);
export const PARTIAL_CUT = Uint8Array.of(GS, 0x56, 0x01);

export const align = (where: 'left' | 'center' | 'right'): Uint8Array => Uint8Array.of(ESC, 0x61, where === 'left' ? 0 : where === 'center' ? 1 : 2);
export const bold = (on: boolean): Uint8Array => Uint8Array.of(ESC, 0x45, on ? 1 : 0);
/** GS ! n: high nibble width multiplier − 1, low nibble height multiplier − 1. */
export const charSize = (double: boolean): Uint8Array => Uint8Array.of(GS, 0x21, double ? 0x11 : 0x00);
export const feedLines = (n: number): Uint8Array => Uint8Array.of(ESC, 0x64, Math.max(0, Math.min(255, n)));

/** QR (GS ( k), exactly as devices.md. */
export const QR_MODEL_2 = Uint8Array.of(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);
export const qrModuleSize = (n: number): Uint8Array => Uint8Array.of(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, n);
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
export const qrErrorLevel = (level: QrErrorLevel): Uint8Array => Uint8Array.of(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x30 + 'LMQH'.indexOf(level));
export function qrStore(data: Uint8Array): Uint8Array {
  const p = data.length + 3;
  const out = new Uint8Array(8 + data.length);
  out.set([GS, 0x28, 0x6b, p & 0xff, p >> 8, 0x31, 0x50, 0x30], 0);
  out.set(data, 8);
  return out;
}
export const QR_PRINT = Uint8Array.of(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
/** Byte-mode capacity of a version 40 symbol at level L; GS ( k refuses more. */
export const QR_MAX_BYTES = 2953;

/** Real-time status (DLE EOT n), answered at once even while the printer is stopped. */
export const realtimeStatus = (n: 1 | 2 | 3 | 4): Uint8Array => Uint8Array.of(DLE, 0x04, n);
/** DLE ENQ 2: recover from an error after clearing the receive and print buffers. */
export const RECOVER_CLEAR_BUFFERS = Uint8Array.of(DLE, 0x05, 0x02);
/**
 * GS r 1 (transmit paper sensor status) is processed in order with print data, unlike DLE EOT: its
 * reply therefore arrives only after everything sent before it has been printed.
 */
export const TRANSMIT_PAPER_STATUS = Uint8Array.of(GS, 0x72, 0x01);

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
