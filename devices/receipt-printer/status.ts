// DLE EOT n (real-time status) replies → printer condition → DeviceStatus. Pure (devices.md).
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';

export type StatusQuery = 1 | 2 | 3 | 4;
export const STATUS_QUERIES: readonly StatusQuery[] = [1, 2, 3, 4];

export interface PrinterCondition {
  readonly offline: boolean;
  readonly coverOpen: boolean;
  /** Printing stopped by the paper-end sensor. */
  readonly stoppedOnPaperEnd: boolean;
  readonly errorOccurred: boolean;
  readonly cutterError: boolean;
  readonly unrecoverable: boolean;
  readonly autoRecoverable: boolean;
  readonly paperNearEnd: boolean;
  readonly paperOut: boolean;
}

export const OK_CONDITION: PrinterCondition = {
  offline: false,
  coverOpen: false,
  stoppedOnPaperEnd: false,
  errorOccurred: false,
  cutterError: false,
  unrecoverable: false,
  autoRecoverable: false,
  paperNearEnd: false,
  paperOut: false,
};

/** Every DLE EOT reply has bit 1 and bit 4 set and bits 0 and 7 clear (0xx1xx10). */
export function isRealtimeStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/** GS r replies have bit 4 clear, which tells them apart from DLE EOT replies on the same line. */
export function isTransmitStatusByte(byte: number): boolean {
  return (byte & 0x90) === 0x00;
}

export function decodeStatusReply(n: StatusQuery, byte: number): Result<Partial<PrinterCondition>, string> {
  if (!isRealtimeStatusByte(byte)) return err(`DLE EOT ${n} reply ${byte.toString(16).padStart(2, '0')} lacks the fixed bits`);
  switch (n) {
    case 1:
      return ok({ offline: (byte & 0x08) !== 0 });
    case 2:
      return ok({ coverOpen: (byte & 0x04) !== 0, stoppedOnPaperEnd: (byte & 0x20) !== 0, errorOccurred: (byte & 0x40) !== 0 });
    case 3:
      return ok({ cutterError: (byte & 0x08) !== 0, unrecoverable: (byte & 0x20) !== 0, autoRecoverable: (byte & 0x40) !== 0 });
    case 4:
      return ok({ paperNearEnd: (byte & 0x0c) !== 0, paperOut: (byte & 0x60) !== 0 });
  }
}

/** The byte a printer in this condition answers to DLE EOT n (for the simulator and tests). */
export function encodeStatusReply(n: StatusQuery, c: PrinterCondition): number {
  switch (n) {
    case 1:
      return 0x12 | (c.offline ? 0x08 : 0);
    case 2:
      return 0x12 | (c.coverOpen ? 0x04 : 0) | (c.stoppedOnPaperEnd ? 0x20 : 0) | (c.errorOccurred ? 0x40 : 0);
    case 3:
      return 0x12 | (c.cutterError ? 0x08 : 0) | (c.unrecoverable ? 0x20 : 0) | (c.autoRecoverable ? 0x40 : 0);
    case 4:
      return 0x12 | (c.paperNearEnd ? 0x0c : 0) | (c.paperOut ? 0x60 : 0);
  }
}

/** The most serious condition wins: a person can fix one thing at a time, the worst first. */
export function conditionToStatus(c: PrinterCondition): DeviceStatus {
  if (c.unrecoverable) return { kind: 'error', code: 'unrecoverable', detail: 'printer reports an unrecoverable error (DLE EOT 3 bit 5)' };
  if (c.cutterError) return { kind: 'error', code: 'cutter_error', detail: 'printer reports a cutter error (DLE EOT 3 bit 3)' };
  if (c.coverOpen) return { kind: 'cover_open' };
  if (c.paperOut || c.stoppedOnPaperEnd) return { kind: 'paper_out' };
  if (c.offline || c.errorOccurred) return { kind: 'offline' };
  if (c.paperNearEnd) return { kind: 'paper_near_end' };
  return { kind: 'ready' };
}

/** Can a job be sent now? Paper near end still prints. */
export function canPrint(c: PrinterCondition): boolean {
  const status = conditionToStatus(c);
  return status.kind === 'ready' || status.kind === 'paper_near_end';
}

/**
 * After a mid-job stop: the cause is gone (paper in, cover shut, no fault). The printer may still
 * say "offline" while it holds the stopped job's data, which the driver then clears with DLE ENQ 2.
 */
export function causeOfStopCleared(c: PrinterCondition): boolean {
  return !c.paperOut && !c.stoppedOnPaperEnd && !c.coverOpen && !c.cutterError && !c.unrecoverable;
}
