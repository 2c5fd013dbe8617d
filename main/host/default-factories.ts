// Binds the host to the real drivers and simulators in devices/.
import { openPtyPair } from '../../devices/core/pty.js';
import { createIdCardReader, startIdCardSimulator, SYNTHETIC_IDENTITIES, type SyntheticIdentity } from '../../devices/id-card/index.js';
import type { DeviceFactories } from './device-factories.js';

// TEMPORARY: devices/receipt-printer/index.ts is still being written; until it lands it is loaded by a
// computed specifier so the host type-checks without it.
const loadPrinter = async (): Promise<Pick<DeviceFactories, 'createReceiptPrinter' | 'startPrinterSimulator'>> => {
  const path = new URL('../../devices/receipt-printer/index.ts', import.meta.url).href;
  return (await import(/* @vite-ignore */ path)) as Pick<DeviceFactories, 'createReceiptPrinter' | 'startPrinterSimulator'>;
};

export const defaultDeviceFactories = async (): Promise<DeviceFactories<SyntheticIdentity>> => {
  let printer: Awaited<ReturnType<typeof loadPrinter>> | null = null;
  try {
    printer = await loadPrinter();
  } catch {
    printer = null;
  }
  const missing = (): never => {
    throw new Error('receipt printer driver not available (devices/receipt-printer/index.ts)');
  };
  return {
    openPtyPair: () => openPtyPair(),
    createIdCardReader: (o) => createIdCardReader(o),
    startIdCardSimulator: (o) => startIdCardSimulator(o),
    syntheticIdentities: SYNTHETIC_IDENTITIES,
    createReceiptPrinter: printer?.createReceiptPrinter ?? missing,
    startPrinterSimulator: printer?.startPrinterSimulator ?? missing,
  };
};
