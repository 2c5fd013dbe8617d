import { describe, expect, it } from 'vitest';
import { createNodeHidTransport } from './node-hid-transport.js';
import {
  createHidPosScanner,
  createKeyboardWedgeDetector,
  createSerialScanner,
  encodeReports,
  FakeQrScanner,
  MemoryHidTransport,
  scanErrors,
  type ScannerEvent,
} from './index.js';

async function until(cond: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('qr-scanner entry points', () => {
  it('creates a HID POS scanner on a given transport', async () => {
    const transport = new MemoryHidTransport();
    transport.plug({ path: 'mem:1', vendorId: 1, productId: 2, usagePage: 0x8c });
    const scanner = createHidPosScanner({ deviceId: 'qr', transport, backoff: { initialMs: 5, maxMs: 10 } });
    const events: ScannerEvent[] = [];
    scanner.onScan((e) => events.push(e));
    await scanner.start();
    await until(() => scanner.status().kind === 'ready');
    encodeReports('Q1', new TextEncoder().encode('hello')).forEach((r) => transport.send('mem:1', r));
    expect(events.map((e) => e.type === 'scan' && e.scan.text)).toEqual(['hello']);
    await scanner.stop();
  });

  it('reports no_device for a serial scanner whose port does not exist', async () => {
    const scanner = createSerialScanner({ deviceId: 'qr-serial', path: '/dev/does-not-exist-qr', baudRate: 9600, suffix: 'CR', backoff: { initialMs: 5, maxMs: 10 } });
    await scanner.start();
    await until(() => scanner.status().kind === 'no_device');
    await scanner.stop();
    expect(scanner.status().kind).toBe('disabled');
  });

  it('creates a keyboard-wedge detector', () => {
    const d = createKeyboardWedgeDetector({ minLength: 2 });
    expect([...'ok', 'Enter'].flatMap((k, i) => d.feed(k, i * 5))).toEqual([{ kind: 'scan', symbology: '', text: 'ok' }]);
  });

  it('lists HID devices through node-hid (none here) without throwing', async () => {
    const listed = await createNodeHidTransport().list();
    expect(listed.ok).toBe(true);
    const opened = await createNodeHidTransport().open({ path: '/dev/hidraw-none' });
    expect(opened.ok).toBe(false);
  });
});

describe('fake scanner', () => {
  it('emits validated scans only while started and ready', async () => {
    const fake = new FakeQrScanner();
    const events: ScannerEvent[] = [];
    fake.onScan((e) => events.push(e));
    expect(fake.scan('too early')).toBeNull();
    await fake.start();
    fake.scan('https://example.gov.cn/x');
    fake.scanBytes(Uint8Array.of(0x41, 0x00));
    fake.fail(scanErrors.malformed('test'));
    fake.setStatus({ kind: 'no_device', detail: 'unplugged' });
    expect(fake.scan('while unplugged')).toBeNull();
    expect(events.map((e) => (e.type === 'scan' ? e.scan.text : e.error.code))).toEqual(['https://example.gov.cn/x', 'scan_control_chars', 'scan_malformed']);
    await fake.stop();
    expect(fake.status().kind).toBe('disabled');
  });
});
