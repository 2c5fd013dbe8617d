// The receipt printer's public face for the host: the ESC/POS driver, its simulator, the fake.
import { EscPosReceiptPrinter, type ReceiptPrinterOptions } from './driver.js';
import type { ReceiptPrinter } from './printer.js';

export type { PrintErrorCode, PrintOutcome, ReceiptBlock, ReceiptJob, ReceiptLayoutLine, ReceiptPrinter } from './printer.js';
export type { PrintedJobStore, PrinterState, PrinterTimings, PrinterTransport, ReceiptPrinterOptions } from './driver.js';
export { DEFAULT_PRINTER_TIMINGS, EscPosReceiptPrinter, MemoryPrintedJobStore } from './driver.js';
export { startPrinterSimulator, EscPosMachine, type PrinterSimulator, type PrinterSimulatorOptions } from './simulator.js';
export { encodeReceipt, REPRINT_MARK, type EncodeOptions } from './escpos-encoder.js';
export { EscPosParser, ReceiptRenderer, renderEscPos, type EscPosEvent, type RenderedReceipt } from './escpos-parser.js';
export { conditionToStatus, decodeStatusReply, type PrinterCondition } from './status.js';
export { COLUMNS, layoutPair, textWidth, wrapText } from './text-layout.js';
export { FakeReceiptPrinter } from './fake.js';
export type { PrintError } from './errors.js';

export function createReceiptPrinter(opts: ReceiptPrinterOptions): ReceiptPrinter {
  return new EscPosReceiptPrinter(opts);
}
