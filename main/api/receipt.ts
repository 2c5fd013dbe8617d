// What the renderer asks the host to print. Content only: layout and encoding are the host's job.
export interface ReceiptLine {
  readonly label: string;
  readonly value: string;
}

export interface ReceiptDocument {
  /** Client id of the application: a receipt is printed at most once per id unless reprinted. */
  readonly applicationId: string;
  readonly title: string;
  readonly applicationNumber: string;
  readonly lines: readonly ReceiptLine[];
  /** Encoded as a native QR code on the receipt: progress query link. */
  readonly qrPayload: string;
  readonly footer: readonly string[];
}

export interface PrintedReceipt {
  readonly applicationId: string;
  readonly jobId: string;
  readonly reprint: boolean;
  /** True when this application's receipt had already printed, so nothing was printed this time. */
  readonly alreadyPrinted?: boolean;
}

export type PrintFailureCode = 'no_printer' | 'paper_out' | 'cover_open' | 'offline' | 'timeout' | 'io_error';
