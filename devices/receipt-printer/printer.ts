// The receipt printer as the host sees it. Implemented by the ESC/POS driver (serial, TCP 9100, or
// the simulator on a pty pair) and by an in-memory fake for unit tests.
import type { Result, UserFacingError } from '../../sync/protocol/result.js';
import type { Device } from '../core/device.js';

export interface ReceiptLayoutLine {
  readonly text: string;
  readonly align?: 'left' | 'center' | 'right';
  readonly size?: 'normal' | 'double';
  readonly bold?: boolean;
}

/** A receipt in printer terms: lines (wrapped by the encoder at the paper width) and QR codes. */
export type ReceiptBlock =
  | { readonly kind: 'line'; readonly line: ReceiptLayoutLine }
  | { readonly kind: 'pair'; readonly label: string; readonly value: string }
  | { readonly kind: 'rule' }
  | { readonly kind: 'qr'; readonly payload: string; readonly moduleSize?: number }
  | { readonly kind: 'feed'; readonly lines: number };

export interface ReceiptJob {
  /** Idempotency key: a job id is printed at most once, except for the one marked reprint after paper-out. */
  readonly jobId: string;
  readonly blocks: readonly ReceiptBlock[];
}

export type PrintErrorCode = 'no_printer' | 'paper_out' | 'cover_open' | 'offline' | 'timeout' | 'io_error';

export interface PrintOutcome {
  readonly jobId: string;
  /** True when the receipt had to be re-printed after the paper was refilled (marked 重打). */
  readonly reprinted: boolean;
  /** True when this jobId had already printed and nothing was sent again. */
  readonly alreadyPrinted: boolean;
}

export interface ReceiptPrinter extends Device {
  /** Resolves once the printer reports OK after the job (or with a known failure). */
  print(job: ReceiptJob): Promise<Result<PrintOutcome, UserFacingError<PrintErrorCode>>>;
}
