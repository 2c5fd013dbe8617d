// The host with the REAL drivers over socat pty pairs: scanner wiring, device health, hot-unplug and
// replug, and bad input (missing port, wrong baud, permission denied, a device that never answers).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../../devices/core/pty.js';
import { startIdCardSimulator, SYNTHETIC_IDENTITIES, type IdCardSimulator } from '../../devices/id-card/index.js';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import type { TerminalEvent } from '../api/terminal-api.js';
import { startPrivateCups } from '../printing/testing/private-cups.js';
import { createTerminalHost, type TerminalHost } from './host.js';

function config(devices: unknown): KioskConfig {
  const raw = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as Record<string, unknown>;
  const loaded = validateKioskConfig({ ...raw, devices });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

let dataDir: string;
let host: TerminalHost | null = null;
let events: TerminalEvent[];
const cleanups: (() => Promise<void>)[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-host-health-'));
  events = [];
});
afterEach(async () => {
  await host?.stop();
  host = null;
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

async function boot(devices: unknown): Promise<TerminalHost> {
  host = createTerminalHost({
    config: config(devices),
    dataDir,
    version: 'test',
    restartDelayMs: { first: 200, max: 1_000 },
  });
  host.onEvent((e) => events.push(e));
  await host.start();
  return host;
}

const report = (h: TerminalHost, deviceId: string) => h.getDeviceHealth().devices.find((d) => d.deviceId === deviceId);
const statusOf = (h: TerminalHost, deviceId: string): string | undefined => report(h, deviceId)?.status.kind;
const auditText = (): string =>
  readdirSync(join(dataDir, 'audit'))
    .map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8'))
    .join('');

describe('QR scanner wired into the host', () => {
  it('delivers a simulated scan as a scan event without raw bytes, and never writes the text to the audit', async () => {
    const h = await boot({ qrScanner: { transport: { kind: 'simulated' } } });
    await expect.poll(() => statusOf(h, 'qr-scanner'), { timeout: 10_000 }).toBe('ready');
    const text = 'https://zwfw.example.gov.cn/q?code=ABC-110101199003078015';
    expect(await h.api.simScan({ text, symbology: 'Q1' })).toEqual({ ok: true, value: null });
    await expect.poll(() => events.find((e) => e.type === 'scan'), { timeout: 10_000 }).toBeDefined();
    const scan = events.find((e) => e.type === 'scan');
    expect(scan).toEqual({ type: 'scan', scan: { source: 'serial', symbology: 'Q1', text } });

    // A payload with a control character is refused with a bilingual message, not delivered.
    expect(await h.api.simScan({ text: 'abc\u0007def' })).toEqual({ ok: true, value: null });
    await expect.poll(() => events.find((e) => e.type === 'scan-error'), { timeout: 10_000 }).toBeDefined();
    const refused = events.find((e) => e.type === 'scan-error');
    if (refused?.type !== 'scan-error') throw new Error('no scan-error');
    expect(refused.error.code).toBe('scan_control_chars');
    expect(refused.error.message.zh).toMatch(/请重新扫描/);
    expect(events.filter((e) => e.type === 'scan')).toHaveLength(1);

    await h.stop();
    const audit = auditText();
    expect(audit).toContain('"type":"scan"');
    expect(audit).toContain('"type":"scan.refused"');
    expect(audit).not.toContain('110101199003078015');
    expect(audit).not.toContain('zwfw.example');
  });

  it('refuses simScan when the scanner is not simulated', async () => {
    const h = await boot({ qrScanner: { transport: { kind: 'serial', path: '/dev/yc-no-such-scanner' } } });
    expect(await h.api.simScan({ text: 'x' })).toMatchObject({ ok: false, error: { code: 'not_simulated' } });
  });
});

describe('device health, self-check and what still works', () => {
  it('with the printer missing: card reader still reads, printReceipt answers no_printer, and health names the port', async () => {
    const h = await boot({
      idCard: { transport: { kind: 'simulated' }, pollIntervalMs: 100 },
      receiptPrinter: { transport: { kind: 'serial', path: '/dev/yc-no-such-printer' } },
      qrScanner: { transport: { kind: 'serial', path: '/dev/yc-no-such-scanner' } },
    });
    const check = await h.devices.selfCheck();
    const printer = check.devices.find((d) => d.deviceId === 'receipt-printer')!;
    expect(printer.status.kind).toBe('no_device');
    expect(printer.lastError).toContain('/dev/yc-no-such-printer');
    expect(check.devices.find((d) => d.deviceId === 'qr-scanner')!.lastError).toContain('/dev/yc-no-such-scanner');
    expect(auditText()).toContain('"type":"device.selfcheck"');

    // Answered at once (not after the 400 s print safety net, which would outlast this test), so the
    // kiosk can show the receipt QR instead. No timing assertion: the test's own timeout bounds it.
    const printed = await h.api.printReceipt({
      applicationId: 'no-printer-1',
      title: '回执',
      applicationNumber: 'N1',
      lines: [],
      qrPayload: 'https://example.gov.cn/p?n=1',
      footer: [],
    });
    expect(printed).toMatchObject({ ok: false, error: { code: 'no_printer' } });

    await expect.poll(() => statusOf(h, 'id-card'), { timeout: 10_000 }).toBe('ready');
    expect(await h.api.simPlaceCard({ index: 0 })).toEqual({ ok: true, value: null });
    await expect.poll(() => events.some((e) => e.type === 'card-present'), { timeout: 10_000 }).toBe(true);
    const health = h.getDeviceHealth();
    expect(health.devices.map((d) => d.deviceId).sort()).toEqual(['a4-printer', 'id-card', 'qr-scanner', 'receipt-printer']);
    for (const d of health.devices) expect(d).toMatchObject({ reopenCount: expect.any(Number), driverRestarts: expect.any(Number), since: expect.any(String) });
  });

  it('drops an unplugged reader and re-opens it when it is plugged back in (same port path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yc-replug-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const link = join(dir, 'ttyIDCARD');
    let pair: PtyPair = await openPtyPair({ linkA: link });
    let sim: IdCardSimulator = await startIdCardSimulator({ path: pair.b, pair });
    cleanups.push(async () => {
      await sim.close();
      await pair.close();
    });
    const h = await boot({ idCard: { transport: { kind: 'serial', path: link }, pollIntervalMs: 100 } });
    await expect.poll(() => statusOf(h, 'id-card'), { timeout: 10_000 }).toBe('ready');

    await sim.unplug();
    await expect.poll(() => statusOf(h, 'id-card'), { timeout: 10_000 }).toMatch(/no_device|error/);
    expect(report(h, 'id-card')!.lastError).toBeTruthy();

    pair = await openPtyPair({ linkA: link });
    sim = await startIdCardSimulator({ path: pair.b, pair });
    await expect.poll(() => statusOf(h, 'id-card'), { timeout: 20_000 }).toBe('ready');
    expect(report(h, 'id-card')!.reopenCount).toBeGreaterThanOrEqual(1);
    // The re-opened driver reads cards again.
    sim.placeCard(SYNTHETIC_IDENTITIES[1]!);
    await expect.poll(() => events.some((e) => e.type === 'card-present'), { timeout: 10_000 }).toBe(true);
  });

  it('unplugs a simulated reader and plugs it back in at the same path: the staff snapshot shows the error and since when, then recovery', async () => {
    const h = await boot({ idCard: { transport: { kind: 'simulated' }, pollIntervalMs: 100 } });
    await expect.poll(() => statusOf(h, 'id-card'), { timeout: 10_000 }).toBe('ready');
    const before = Date.now();
    expect(await h.api.simSetDeviceConnected({ deviceId: 'id-card', connected: false })).toEqual({ ok: true, value: null });
    await expect.poll(async () => (await h.api.getDeviceHealth()).devices.find((d) => d.deviceId === 'id-card')?.status.kind, { timeout: 10_000 }).toMatch(/no_device|error/);
    const lost = (await h.api.getDeviceHealth()).devices.find((d) => d.deviceId === 'id-card')!;
    expect(lost.lastError).toBeTruthy();
    expect(Date.parse(lost.lastErrorAt!)).toBeGreaterThanOrEqual(before - 1_000);
    // The change reached the renderer as an event carrying the same error.
    expect(events.some((e) => e.type === 'device-status' && e.report.deviceId === 'id-card' && e.report.lastError === lost.lastError)).toBe(true);

    expect(await h.api.simSetDeviceConnected({ deviceId: 'id-card', connected: true })).toEqual({ ok: true, value: null });
    await expect.poll(() => statusOf(h, 'id-card'), { timeout: 20_000 }).toBe('ready');
    const back = (await h.api.getDeviceHealth()).devices.find((d) => d.deviceId === 'id-card')!;
    expect(back.reopenCount).toBeGreaterThanOrEqual(1);
    // Kept after recovery, with its time, for staff.
    expect(back).toMatchObject({ lastError: lost.lastError, lastErrorAt: lost.lastErrorAt });
    expect(await h.api.simPlaceCard({ index: 0 })).toEqual({ ok: true, value: null });
    await expect.poll(() => events.some((e) => e.type === 'card-present'), { timeout: 10_000 }).toBe(true);
    // A device that is not simulated cannot be unplugged from the panel.
    expect(await h.api.simSetDeviceConnected({ deviceId: 'receipt-printer', connected: false })).toMatchObject({ ok: false, error: { code: 'not_simulated' } });
  }, 60_000);

  it('reports a reader that never answers with a timeout naming the command', async () => {
    const silentPair = await openPtyPair();
    const silent = await startIdCardSimulator({ path: silentPair.b });
    silent.setSilent(true);
    cleanups.push(async () => {
      await silent.close();
      await silentPair.close();
    });
    const h = await boot({ idCard: { transport: { kind: 'serial', path: silentPair.a }, pollIntervalMs: 100 } });
    const check = await h.devices.selfCheck();
    const card = check.devices.find((d) => d.deviceId === 'id-card')!;
    expect(card.status.kind).toMatch(/error|no_device|offline/);
    expect(card.lastError).toMatch(/timeout|no answer|not answer/i);
  });

  // A pty carries bytes whatever the baud rate, so a wrong rate shows here as it does first on a real line:
  // no valid answer. The message must name the port and the configured rate so the installer can check it.
  it('reports a printer configured at a wrong baud rate (no valid answer) with the port and the rate', async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const h = await boot({ receiptPrinter: { transport: { kind: 'serial', path: pair.a, baudRate: 7 } } });
    const check = await h.devices.selfCheck();
    const printer = check.devices.find((d) => d.deviceId === 'receipt-printer')!;
    expect(printer.status.kind).not.toBe('ready');
    expect(printer.lastError).toContain(pair.a);
    expect(printer.lastError).toContain('@7');
  });
});

const COMMITMENT = {
  kind: 'commitment',
  applicationId: 'a4-host-1',
  applicationNumber: 'SQ1',
  title: '居住证申领',
  applicantName: '测试李四',
  applicantIdNumber: '1101**********8015',
} as const;

describe('A4 printing through the host', () => {
  it('answers no_printer when the A4 printer is off, and when its CUPS queue is unreachable, while the rest keeps working', async () => {
    process.env['CUPS_SERVER'] = '127.0.0.1:9'; // nothing listens there
    const h = await boot({ a4Printer: { enabled: true, queue: 'yc-missing' }, qrScanner: { transport: { kind: 'simulated' } } });
    const check = await h.devices.selfCheck();
    const a4 = check.devices.find((d) => d.deviceId === 'a4-printer')!;
    expect(a4.status.kind).toBe('no_device');
    expect(a4.lastError).toMatch(/CUPS/);
    expect(await h.api.printA4Document(COMMITMENT)).toMatchObject({ ok: false, error: { code: 'no_printer', message: { zh: expect.stringContaining('A4') } } });
    await expect.poll(() => statusOf(h, 'qr-scanner'), { timeout: 10_000 }).toBe('ready');
    expect(await h.api.simScan({ text: 'still works' })).toEqual({ ok: true, value: null });
    await expect.poll(() => events.some((e) => e.type === 'scan'), { timeout: 10_000 }).toBe(true);
    delete process.env['CUPS_SERVER'];
  });

  it("prints the receipt and the commitment letter as PDFs into the data dir with the 'pdf-directory' printer (counter-window profile), checked by rendering", async () => {
    const h = await boot({ a4Printer: { enabled: true, kind: 'pdf-directory' } });
    await expect.poll(() => statusOf(h, 'a4-printer'), { timeout: 10_000 }).toBe('ready');
    const receipt = { kind: 'receipt', applicationId: 'a4-dir-1', applicationNumber: 'YC-T1-20261122-0001', title: '居住证申领', lines: [{ label: '申请人', value: '测**' }], qrPayload: 'yichuang://case/YC-T1-20261122-0001', footer: ['请妥善保管本回执'] } as const;
    expect(await h.api.printA4Document(receipt)).toMatchObject({ ok: true, value: { kind: 'receipt', pages: 1, jobId: 'yichuang-receipt-a4-dir-1' } });
    expect(await h.api.printA4Document({ ...COMMITMENT, applicationId: 'a4-dir-1' })).toMatchObject({ ok: true, value: { kind: 'commitment', jobId: 'yichuang-commitment-a4-dir-1' } });
    // A second copy is a second file, never an overwrite.
    expect(await h.api.printA4Document(receipt)).toMatchObject({ ok: true, value: { jobId: 'yichuang-receipt-a4-dir-1-2' } });
    const dir = join(dataDir, 'a4-printed');
    expect(readdirSync(dir).sort()).toEqual(['yichuang-commitment-a4-dir-1.pdf', 'yichuang-receipt-a4-dir-1-2.pdf', 'yichuang-receipt-a4-dir-1.pdf']);
    for (const [file, texts] of [
      ['yichuang-receipt-a4-dir-1.pdf', ['居住证申领受理回执', '申请编号：YC-T1-20261122-0001', '请妥善保管本回执']],
      ['yichuang-commitment-a4-dir-1.pdf', ['告知承诺书', '承诺人：测试李四']],
    ] as const) {
      const path = join(dir, file);
      const text = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).stdout.replace(/ +/g, '');
      for (const t of texts) expect(text, file).toContain(t);
      // Rendered: the page has ink (glyphs drawn, not an empty sheet).
      const out = join(dataDir, `${file}-raster`);
      expect(spawnSync('pdftoppm', ['-gray', '-r', '50', '-singlefile', path, out]).status).toBe(0);
      const pgm = readFileSync(`${out}.pgm`);
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
      const dark = pgm.subarray(header[0].length).reduce((n, v) => n + (v < 128 ? 1 : 0), 0);
      expect(dark, file).toBeGreaterThan(500);
    }
    await h.stop();
    expect(auditText()).not.toContain('测试李四');
  }, 60_000);

  it("reports a 'pdf-directory' printer whose directory cannot be made as no_device, and printing answers no_printer", async () => {
    const blocker = join(dataDir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const h = await boot({ a4Printer: { enabled: true, kind: 'pdf-directory', directory: join(blocker, 'a4') } });
    await expect.poll(() => statusOf(h, 'a4-printer'), { timeout: 10_000 }).toBe('no_device');
    expect(report(h, 'a4-printer')!.lastError).toContain('not-a-dir');
    expect(await h.api.printA4Document(COMMITMENT)).toMatchObject({ ok: false, error: { code: 'no_printer' } });
  });

  it('prints the commitment letter through a real CUPS queue (skipped where cupsd cannot run)', async (t) => {
    const cups = await startPrivateCups();
    if ('unavailable' in cups) return t.skip(`CUPS not available here: ${cups.unavailable}`);
    cleanups.push(() => cups.stop());
    cups.addPdfQueue('yc-host-a4');
    process.env['CUPS_SERVER'] = cups.server;
    cleanups.push(async () => {
      delete process.env['CUPS_SERVER'];
    });
    const h = await boot({ a4Printer: { enabled: true, queue: 'yc-host-a4' } });
    await expect.poll(() => statusOf(h, 'a4-printer'), { timeout: 10_000 }).toBe('ready');
    const printed = await h.api.printA4Document(COMMITMENT);
    expect(printed).toMatchObject({ ok: true, value: { kind: 'commitment', applicationId: 'a4-host-1', pages: 1, jobId: expect.stringMatching(/^yc-host-a4-\d+$/) } });
    await h.stop();
    const audit = auditText();
    expect(audit).toContain('"type":"a4.print"');
    expect(audit).not.toContain('测试李四');
    // cups-pdf keeps the output in the job user's ~/PDF; tidy it up.
    const out = join(homedir(), 'PDF');
    if (existsSync(out)) for (const f of readdirSync(out).filter((n) => n.startsWith('yichuang-commitment-a4-host-1'))) rmSync(join(out, f), { force: true });
  }, 60_000);
});

const HERE = dirname(fileURLToPath(import.meta.url));

describe('permission denied on the port (a chmod 000 pty link)', () => {
  it('gives a permission_denied status and message, as an unprivileged user would see it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yc-perm-'));
    chmodSync(dir, 0o755);
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const link = join(dir, 'ttyLOCKED');
    const pair = await openPtyPair({ linkA: link });
    cleanups.push(() => pair.close());
    chmodSync(pair.a, 0o000);
    const hostDir = mkdtempSync(join(tmpdir(), 'yc-perm-host-'));
    chmodSync(hostDir, 0o777);
    cleanups.push(async () => rmSync(hostDir, { recursive: true, force: true }));
    // root ignores file modes, so under root the check runs in a child process as 'nobody'.
    const asRoot = process.getuid?.() === 0;
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'testing', 'self-check-child.ts'), JSON.stringify({ idCard: { transport: { kind: 'serial', path: link } } }), hostDir], {
      encoding: 'utf8',
      timeout: 30_000,
      cwd: join(HERE, '..', '..'),
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(result.status, result.stderr).toBe(0);
    const line = result.stdout.split('\n').find((l) => l.startsWith('SELF-CHECK ')) ?? '';
    const snapshot = JSON.parse(line.slice('SELF-CHECK '.length)) as { devices: { deviceId: string; status: { kind: string; code?: string }; lastError?: string }[] };
    const card = snapshot.devices.find((d) => d.deviceId === 'id-card')!;
    expect(card.status).toMatchObject({ kind: 'error' });
    expect(card.lastError).toMatch(/permission/i);
    expect(card.lastError).toContain('ttyLOCKED');
  });
});
