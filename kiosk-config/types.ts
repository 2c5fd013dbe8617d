// Types only: the renderer may import this file (never the loader, which reads files).
export type {
  KioskConfig,
  IdCardReaderConfig,
  ReceiptPrinterConfig,
  QrScannerConfig,
  A4PrinterConfig,
  DocumentCameraConfig,
  KeyboardWedgeConfig,
} from './schema.js';
