// Binds the host to the real drivers and simulators in devices/.
import { openPtyPair } from '../../devices/core/pty.js';
import {
  createIdCardReader,
  startIdCardSimulator,
  SYNTHETIC_IDENTITIES,
  type SyntheticIdentity,
} from '../../devices/id-card/index.js';
import {
  createHidPosScanner,
  createSerialScanner,
  HONEYWELL_HID_POS_MODE,
  startScannerSimulator,
} from '../../devices/qr-scanner/index.js';
import { createReceiptPrinter, startPrinterSimulator } from '../../devices/receipt-printer/index.js';
import { CupsA4Printer } from '../printing/cups-printer.js';
import { PdfDirectoryPrinter } from '../printing/pdf-directory-printer.js';
import type { DeviceFactories } from './device-factories.js';

export const defaultDeviceFactories = async (): Promise<DeviceFactories<SyntheticIdentity>> => ({
  openPtyPair: (o) => openPtyPair(o?.linkB === undefined ? {} : { linkB: o.linkB }),
  createIdCardReader: (o) => createIdCardReader(o),
  startIdCardSimulator: (o) => startIdCardSimulator(o),
  syntheticIdentities: SYNTHETIC_IDENTITIES,
  createReceiptPrinter: (o) => createReceiptPrinter(o),
  startPrinterSimulator: (o) => startPrinterSimulator(o),
  createSerialScanner: (o) => createSerialScanner(o),
  createHidScanner: ({ honeywellHidPosMode, ...o }) =>
    createHidPosScanner({ ...o, ...(honeywellHidPosMode ? { featureReport: HONEYWELL_HID_POS_MODE } : {}) }),
  createA4Printer: ({ pdfDirectory, ...o }) =>
    pdfDirectory !== undefined ? new PdfDirectoryPrinter({ deviceId: o.deviceId, directory: pdfDirectory }) : new CupsA4Printer(o),
  startScannerSimulator: async (o) => {
    const started = await startScannerSimulator(o);
    if (!started.ok) throw new Error(`scanner simulator cannot open ${o.path}: ${started.error.code} (${started.error.detail})`);
    const sim = started.value;
    return {
      async scan(text, symbology) {
        const sent = await sim.scan(text, symbology);
        if (!sent.ok) throw new Error(`scanner simulator write failed: ${sent.error.code}`);
      },
      close: () => sim.close(),
    };
  },
});
