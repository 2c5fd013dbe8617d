import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { encodeReports } from './hid-pos-codec.js';
import { HidPosScanner, HONEYWELL_HID_POS_MODE, pickScanner, type HidPosScannerOptions } from './hid-pos-driver.js';
import { MemoryHidTransport } from './memory-hid-transport.js';
import type { ScannerEvent } from './scanner.js';

const PATH = '/dev/hidraw3';
const SCANNER = { path: PATH, vendorId: 0x0c2e, productId: 0x0b8f, usagePage: 0x8c, usage: 0x02 };
const KEYBOARD = { path: '/dev/hidraw0', vendorId: 0x046d, productId: 0xc31c, usagePage: 0x01, usage: 0x06 };
const FAST = { initialMs: 5, maxMs: 20, jitter: 0 };
const bytes = (s: string) => new TextEncoder().encode(s);

let scanner: HidPosScanner | null = null;
afterEach(async () => {
  await scanner?.stop();
  scanner = null;
});

function setup(extra: Partial<HidPosScannerOptions> = {}) {
  const transport = new MemoryHidTransport();
  transport.plug(KEYBOARD);
  transport.plug(SCANNER);
  scanner = new HidPosScanner({ deviceId: 'qr-1', transport, backoff: FAST, ...extra });
  const events: ScannerEvent[] = [];
  const statuses: DeviceStatus[] = [];
  scanner.onScan((e) => events.push(e));
  scanner.onStatus((s) => statuses.push(s));
  return { transport, scanner, events, statuses };
}

async function until(cond: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

const sendAll = (t: MemoryHidTransport, reports: Uint8Array[]) => reports.forEach((r) => expect(t.send(PATH, r)).toBe(true));
const scanTexts = (events: ScannerEvent[]) => events.flatMap((e) => (e.type === 'scan' ? [e.scan.text] : []));
const errorCodes = (events: ScannerEvent[]) => events.flatMap((e) => (e.type === 'scan-error' ? [e.error.code] : []));

describe('HID POS scanner driver', () => {
  it('picks the usage page 0x8C interface, not the keyboard', () => {
    expect(pickScanner([KEYBOARD, SCANNER], {})?.path).toBe(PATH);
    expect(pickScanner([KEYBOARD], {})).toBeNull();
    expect(pickScanner([{ ...SCANNER, usagePage: undefined }], {})).toBeNull();
    expect(pickScanner([{ ...SCANNER, usagePage: undefined }], { vendorId: 0x0c2e })?.path).toBe(PATH);
    expect(pickScanner([SCANNER], { vendorId: 0x1234 })).toBeNull();
  });

  it('joins a three-report payload into one scan, then takes a malformed report as a typed error and goes on', async () => {
    const { transport, scanner, events, statuses } = setup();
    await scanner.start();
    await until(() => scanner.status().kind === 'ready');
    expect(statuses.map((s) => s.kind)).toEqual(['ready']);

    const payload = 'https://zwfw.example.gov.cn/appt?id=' + '0123456789'.repeat(12);
    const reports = encodeReports('Q1', bytes(payload));
    expect(reports).toHaveLength(3);
    sendAll(transport, reports);
    expect(events).toEqual([{ type: 'scan', scan: { source: 'hid-pos', symbology: 'Q1', text: payload, raw: bytes(payload) } }]);

    const bad = encodeReports('Q1', bytes('x'))[0]!;
    bad[1] = 200; // length past the end of the report
    sendAll(transport, [bad]);
    expect(errorCodes(events)).toEqual(['scan_malformed']);
    const err = events.at(-1)!;
    expect(err.type === 'scan-error' && err.error.message.zh).toBeTruthy();

    sendAll(transport, encodeReports('E0', bytes('6901234567892')));
    expect(scanTexts(events)).toEqual([payload, '6901234567892']);
    expect(scanner.status().kind).toBe('ready');
  });

  it('refuses a payload with control characters, as a scan-error', async () => {
    const { transport, scanner, events } = setup();
    await scanner.start();
    await until(() => transport.isOpen(PATH));
    sendAll(transport, encodeReports('Q1', bytes('abc\u001b[2Jdef')));
    expect(errorCodes(events)).toEqual(['scan_control_chars']);
  });

  it('ignores other report ids on the scanner interface', async () => {
    const { transport, scanner, events } = setup();
    await scanner.start();
    await until(() => transport.isOpen(PATH));
    sendAll(transport, [Uint8Array.of(0x04, 1, 2, 3)]);
    expect(events).toEqual([]);
  });

  it('drops a payload whose continuation never comes', async () => {
    const { transport, scanner, events } = setup({ continuationTimeoutMs: 30 });
    await scanner.start();
    await until(() => transport.isOpen(PATH));
    sendAll(transport, encodeReports('Q1', bytes('q'.repeat(100))).slice(0, 1));
    await until(() => events.length > 0);
    expect(errorCodes(events)).toEqual(['scan_incomplete']);
    sendAll(transport, encodeReports('Q1', bytes('after')));
    expect(scanTexts(events)).toEqual(['after']);
  });

  it('goes no_device on unplug and back to ready on replug', async () => {
    const { transport, scanner, events, statuses } = setup();
    await scanner.start();
    await until(() => scanner.status().kind === 'ready');
    // Unplug in the middle of a multi-report payload: the half must not leak into the next scan.
    sendAll(transport, encodeReports('Q1', bytes('h'.repeat(100))).slice(0, 1));
    transport.unplug(PATH);
    await until(() => scanner.status().kind === 'no_device');
    await new Promise((r) => setTimeout(r, 40));
    expect(scanner.status().kind).toBe('no_device');
    transport.plug(SCANNER);
    await until(() => scanner.status().kind === 'ready');
    sendAll(transport, encodeReports('Q1', bytes('after replug')));
    expect(scanTexts(events)).toEqual(['after replug']);
    // no_device may be reported twice (lost, then not found on re-enumeration): its detail changes.
    expect(statuses.map((s) => s.kind).filter((k, i, all) => k !== all[i - 1])).toEqual(['ready', 'no_device', 'ready']);
  });

  it('starts as no_device when no scanner is plugged, and finds it when it comes', async () => {
    const transport = new MemoryHidTransport();
    scanner = new HidPosScanner({ deviceId: 'qr-1', transport, backoff: FAST });
    await scanner.start();
    await until(() => scanner!.status().kind === 'no_device');
    transport.plug(SCANNER);
    await until(() => scanner!.status().kind === 'ready');
  });

  it('sends the mode-switch feature report on every open', async () => {
    const { transport, scanner } = setup({ featureReport: HONEYWELL_HID_POS_MODE });
    await scanner.start();
    await until(() => scanner.status().kind === 'ready');
    expect(transport.featureReports(PATH)).toEqual([Uint8Array.of(0xfe, 0x01)]);
  });

  it('reports a failed mode switch as an error status and keeps trying', async () => {
    const transport = new MemoryHidTransport();
    transport.plug(SCANNER, { failFeatureReports: true });
    scanner = new HidPosScanner({ deviceId: 'qr-1', transport, backoff: FAST, featureReport: HONEYWELL_HID_POS_MODE });
    await scanner.start();
    await until(() => scanner!.status().kind === 'error');
    const s = scanner.status();
    expect(s.kind === 'error' && s.code).toBe('hid_mode_switch_failed');
    expect(transport.isOpen(PATH)).toBe(false);
    await until(() => transport.opens >= 2);
  });

  it('re-opens a scanner that sends only garbage', async () => {
    const { transport, scanner, events } = setup({ maxBadReportsInARow: 3 });
    await scanner.start();
    await until(() => transport.isOpen(PATH));
    for (let i = 0; i < 3; i++) transport.send(PATH, Uint8Array.of(0x02, 0xff));
    expect(errorCodes(events)).toEqual(['scan_malformed', 'scan_malformed', 'scan_malformed']);
    await until(() => transport.opens >= 2 && scanner.status().kind === 'ready');
  });

  it('stops cleanly and closes the device', async () => {
    const { transport, scanner } = setup();
    await scanner.start();
    await until(() => transport.isOpen(PATH));
    await scanner.stop();
    expect(transport.isOpen(PATH)).toBe(false);
    expect(scanner.status().kind).toBe('disabled');
    await scanner.stop();
  });
});
