// Binds the host to the real drivers and simulators in devices/.
import { openPtyPair } from '../../devices/core/pty.js';
import {
  createIdCardReader,
  startIdCardSimulator,
  SYNTHETIC_IDENTITIES,
  type SyntheticIdentity,
} from '../../devices/id-card/index.js';
import { createReceiptPrinter, startPrinterSimulator } from '../../devices/receipt-printer/index.js';
import type { DeviceFactories } from './device-factories.js';

export const defaultDeviceFactories = async (): Promise<DeviceFactories<SyntheticIdentity>> => ({
  openPtyPair: () => openPtyPair(),
  createIdCardReader: (o) => createIdCardReader(o),
  startIdCardSimulator: (o) => startIdCardSimulator(o),
  syntheticIdentities: SYNTHETIC_IDENTITIES,
  createReceiptPrinter: (o) => createReceiptPrinter(o),
  startPrinterSimulator: (o) => startPrinterSimulator(o),
});
