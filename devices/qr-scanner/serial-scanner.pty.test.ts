// Integration: the real serial driver (serialport, framing, timeouts) against the simulator on a real
// socat pty pair. Stable symlinks let a "replugged" pair come back at the path the driver was given.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../core/pty.js';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import type { ScannerEvent } from './scanner.js';
import { SerialScanner } from './serial-scanner-driver.js';
import { startScannerSimulator, type ScannerSimulator } from './simulator.js';

const dir = mkdtempSync(join(tmpdir(), 'qr-pty-'));
const linkA = join(dir, 'scanner');
const linkB = join(dir, 'simulator');

let pair: PtyPair;
let sim: ScannerSimulator;
let driver: SerialScanner;
const events: ScannerEvent[] = [];
const statuses: DeviceStatus[] = [];

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function openSimulator(): Promise<ScannerSimulator> {
  const s = await startScannerSimulator({ path: linkB, baudRate: 115_200 });
  if (!s.ok) throw new Error(s.error.detail);
  return s.value;
}

/** Waits for the next event after `before` events. */
async function next(before: number): Promise<ScannerEvent> {
  await until(() => events.length > before);
  return events[before]!;
}

beforeAll(async () => {
  pair = await openPtyPair({ linkA, linkB });
  sim = await openSimulator();
  driver = new SerialScanner({
    deviceId: 'qr-serial',
    path: linkA,
    baudRate: 115_200,
    suffix: 'CR',
    partialTimeoutMs: 150,
    backoff: { initialMs: 20, maxMs: 100, jitter: 0 },
  });
  driver.onScan((e) => events.push(e));
  driver.onStatus((s) => statuses.push(s));
  await driver.start();
  await until(() => driver.status().kind === 'ready');
});

afterAll(async () => {
  await driver?.stop();
  await sim?.close();
  await pair?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serial scanner over a socat pty pair', () => {
  it('delivers scans with their text and symbology', async () => {
    const n = events.length;
    await sim.scan('6901234567892', 'E0');
    await sim.scan('https://zwfw.example.gov.cn/预约?号=A023', 'Q1');
    await sim.scan('NO-AIM-ID');
    await until(() => events.length >= n + 3);
    expect(events.slice(n).map((e) => (e.type === 'scan' ? [e.scan.source, e.scan.symbology, e.scan.text] : e.error.code))).toEqual([
      ['serial', 'E0', '6901234567892'],
      ['serial', 'Q1', 'https://zwfw.example.gov.cn/预约?号=A023'],
      ['serial', '', 'NO-AIM-ID'],
    ]);
  });

  it('refuses a hostile 10 KiB payload with control characters, then keeps working', async () => {
    const hostile = new Uint8Array(10 * 1024).fill(0x41);
    hostile.set([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x07], 100); // ESC[2J, NUL, BEL
    let n = events.length;
    await sim.sendRaw(Buffer.concat([Buffer.from(']Q1'), hostile, Buffer.from('\r')]));
    const big = await next(n);
    expect(big.type === 'scan-error' && big.error.code).toBe('scan_too_large');

    n = events.length;
    await sim.sendRaw(new TextEncoder().encode(']Q1abc\u001b]0;pwned\u0007def\r'));
    const ctrl = await next(n);
    expect(ctrl.type === 'scan-error' && [ctrl.error.code, ctrl.error.message.en]).toEqual(['scan_control_chars', expect.stringMatching(/not allowed/)]);
    expect(ctrl.type === 'scan-error' && ctrl.error.detail).not.toContain('pwned');

    n = events.length;
    await sim.scan('still-working', 'C0');
    const ok = await next(n);
    expect(ok.type === 'scan' && ok.scan.text).toBe('still-working');
    expect(driver.status().kind).toBe('ready');
  });

  it('discards a partial line after a quiet gap', async () => {
    let n = events.length;
    await sim.sendRaw(new TextEncoder().encode(']Q1half-a-'));
    const dropped = await next(n);
    expect(dropped.type === 'scan-error' && dropped.error.code).toBe('scan_incomplete');
    n = events.length;
    await sim.scan('whole', 'Q1');
    const whole = await next(n);
    expect(whole.type === 'scan' && whole.scan.text).toBe('whole');
  });

  it('goes no_device when the pty pair closes and ready again when it is back', async () => {
    await sim.close();
    await pair.close();
    await until(() => driver.status().kind === 'no_device');

    pair = await openPtyPair({ linkA, linkB });
    sim = await openSimulator();
    await until(() => driver.status().kind === 'ready');
    const kinds = statuses.map((s) => s.kind).filter((k, i, all) => k !== all[i - 1]);
    expect(kinds).toEqual(['ready', 'no_device', 'ready']);

    const n = events.length;
    await sim.scan('after-replug', 'Q1');
    const e = await next(n);
    expect(e.type === 'scan' && e.scan.text).toBe('after-replug');
  });
});
