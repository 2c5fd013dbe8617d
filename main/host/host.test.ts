import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import type { TerminalEvent } from '../api/terminal-api.js';
import type { ReceiptDocument } from '../api/receipt.js';
import { createTerminalHost, type TerminalHost } from './host.js';
import { fakeRig, SAMPLE_CARD, type FakeRig } from './test-fakes.js';

/** The service-hall profile, with its devices section replaced when one is given. */
function config(devices?: unknown): KioskConfig {
  const raw = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as Record<string, unknown>;
  const loaded = validateKioskConfig(devices === undefined ? raw : { ...raw, devices });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

const RECEIPT: ReceiptDocument = {
  applicationId: '0b7f3c1e-2d4a-4f7e-9c1a-5e8d2b6a9f10',
  title: '居住证申领回执',
  applicationNumber: 'SQ20261122000001',
  lines: [
    { label: '申请人', value: '测试张三' },
    { label: '身份证号', value: '11010119900307803X' },
    { label: '事项', value: '居住证申领' },
  ],
  qrPayload: 'https://example.gov.cn/q/SQ20261122000001',
  footer: ['请妥善保管本回执'],
};

let dataDir: string;
let host: TerminalHost | null = null;
let rig: FakeRig;
let events: TerminalEvent[];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-host-'));
  rig = fakeRig();
  events = [];
});
afterEach(async () => {
  await host?.stop();
  host = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function boot(
  cfg: KioskConfig = config(),
  extra: { printTimeoutMs?: number } = {},
): Promise<TerminalHost> {
  host = createTerminalHost({ config: cfg, dataDir, version: '9.9.9', factories: rig.factories, ...extra });
  host.onEvent((e) => events.push(e));
  await host.start();
  return host;
}

function auditText(): string {
  const dir = join(dataDir, 'audit');
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

describe('terminal info', () => {
  it('comes from the config, with a local data key made once (0600) and reused', async () => {
    const h = await boot();
    const info = await h.api.getTerminalInfo();
    expect(info).toMatchObject({
      terminalId: 'T-HALL-0001',
      profile: 'service_hall_kiosk',
      platformUrl: 'http://127.0.0.1:7720',
      idleTimeoutSeconds: 120,
      input: 'touch',
      signature: 'drawn',
      endSessionOnCardRemoval: false,
      simulation: true,
      version: '9.9.9',
    });
    expect(info.displayName.zh).toBe('综合服务大厅自助终端');
    expect(info.localDataKey).toMatch(/^[0-9a-f]{64}$/);
    const keyFile = join(dataDir, 'local-data.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    await h.stop();

    const again = createTerminalHost({
      config: config(),
      dataDir,
      version: '9.9.9',
      factories: rig.factories,
    });
    expect((await again.api.getTerminalInfo()).localDataKey).toBe(info.localDataKey);
    await again.stop();
  });

  it("gives the screen the keyboard-wedge thresholds: today's defaults, or the terminal's own", async () => {
    const h = await boot();
    expect((await h.api.getTerminalInfo()).keyboardWedge).toEqual({ maxInterKeyMs: 30, minLength: 6, suffixKey: 'Enter' });
    await h.stop();
    const slowTab = await boot(config({ keyboardWedge: { maxInterKeyMs: 50, minLength: 4, suffix: 'Tab' } }));
    expect((await slowTab.api.getTerminalInfo()).keyboardWedge).toEqual({ maxInterKeyMs: 50, minLength: 4, suffixKey: 'Tab' });
  });

  it('refuses to start over a damaged key instead of replacing it', () => {
    rmSync(dataDir, { recursive: true, force: true });
    createTerminalHost({ config: config(), dataDir, version: '1', factories: rig.factories });
    const keyFile = join(dataDir, 'local-data.key');
    rmSync(keyFile);
    writeFileSync(keyFile, 'abc'); // a truncated key
    expect(() =>
      createTerminalHost({ config: config(), dataDir, version: '1', factories: rig.factories }),
    ).toThrow(/damaged/);
  });
});

describe('devices', () => {
  it('reports disabled and absent devices as disabled, simulated ones through their driver', async () => {
    const h = await boot(
      config({
        idCard: { transport: { kind: 'simulated' } },
        receiptPrinter: { enabled: false, transport: { kind: 'simulated' } },
      }),
    );
    const statuses = await h.api.getDeviceStatuses();
    expect(statuses.map((s) => [s.deviceId, s.deviceClass, s.status.kind])).toEqual([
      ['id-card', 'id-card', 'ready'],
      ['receipt-printer', 'receipt-printer', 'disabled'],
      ['qr-scanner', 'qr-scanner', 'disabled'],
      ['a4-printer', 'a4-printer', 'disabled'],
    ]);
    expect(rig.ptyOpened).toBe(1);
    expect((await h.api.getTerminalInfo()).simulation).toBe(true);
  });

  it('sends device status only on change', async () => {
    const h = await boot();
    const reader = rig.readers[0]!;
    events.length = 0;
    reader.setStatus({ kind: 'no_device', detail: 'unplugged' });
    reader.setStatus({ kind: 'no_device', detail: 'unplugged' });
    reader.setStatus({ kind: 'ready' });
    const reports = events.filter((e) => e.type === 'device-status');
    expect(reports.map((e) => (e.type === 'device-status' ? e.report.status.kind : ''))).toEqual([
      'no_device',
      'ready',
    ]);
    const last = (await h.api.getDeviceStatuses())[0]!;
    expect(last.status.kind).toBe('ready');
    expect(last.lastError).toBe('no_device: unplugged');
  });

  it('maps a card to CardIdentity without the photo bytes or fingerprint', async () => {
    await boot();
    rig.readers[0]!.emitCard({ type: 'card-present', card: SAMPLE_CARD });
    const present = events.find((e) => e.type === 'card-present');
    expect(present?.type === 'card-present' && present.card).toMatchObject({
      name: '测试张三',
      idNumber: '11010119900307803X',
      photo: { decoded: false },
    });
    const json = JSON.stringify(present);
    expect(json).not.toContain('photoWlt');
    expect(json).not.toContain('fingerprint');
    expect(Object.keys(present?.type === 'card-present' ? present.card : {})).not.toContain('photoWlt');
  });

  it('re-opens a driver that stays in error', async () => {
    const h = createTerminalHost({
      config: config(),
      dataDir,
      version: '1',
      factories: rig.factories,
      restartDelayMs: { first: 20, max: 40 },
    });
    host = h;
    await h.start();
    rig.printers[0]!.setStatus({ kind: 'error', code: 'wedged', detail: 'no answer' });
    await new Promise((r) => setTimeout(r, 100));
    expect(rig.printers.length).toBeGreaterThanOrEqual(2);
    expect((await h.api.getDeviceStatuses())[1]!.status.kind).toBe('ready');
  });
});

describe('printReceipt', () => {
  it('lays out the receipt with jobId = applicationId', async () => {
    const h = await boot();
    const res = await h.api.printReceipt(RECEIPT);
    expect(res).toEqual({
      ok: true,
      value: { applicationId: RECEIPT.applicationId, jobId: RECEIPT.applicationId, reprint: false },
    });
    const job = rig.printers[0]!.jobs[0]!;
    expect(job.jobId).toBe(RECEIPT.applicationId);
    expect(job.blocks[0]).toEqual({
      kind: 'line',
      line: { text: '居住证申领回执', align: 'center', size: 'double', bold: true },
    });
    expect(job.blocks).toContainEqual({ kind: 'pair', label: '申请编号', value: 'SQ20261122000001' });
    expect(job.blocks).toContainEqual({ kind: 'pair', label: '事项', value: '居住证申领' });
    expect(job.blocks).toContainEqual({ kind: 'qr', payload: RECEIPT.qrPayload, moduleSize: 6 });
    expect(job.blocks).toContainEqual({ kind: 'line', line: { text: '请妥善保管本回执', align: 'center' } });
  });

  it('prints an application once, also across a restart and for concurrent calls', async () => {
    const h = await boot();
    const [a, b] = await Promise.all([h.api.printReceipt(RECEIPT), h.api.printReceipt(RECEIPT)]);
    expect(a).toEqual(b);
    const again = await h.api.printReceipt(RECEIPT);
    expect(again).toMatchObject({ ok: true, value: { alreadyPrinted: true } });
    expect(rig.printers[0]!.jobs).toHaveLength(1);
    await h.stop();

    rig = fakeRig();
    const h2 = await boot();
    expect(await h2.api.printReceipt(RECEIPT)).toMatchObject({ ok: true, value: { alreadyPrinted: true } });
    expect(rig.printers[0]!.jobs).toHaveLength(0);
  });

  it('maps printer failures to bilingual errors with a way forward', async () => {
    const h = await boot();
    rig.printers[0]!.failWith = 'paper_out';
    const res = await h.api.printReceipt(RECEIPT);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('paper_out');
    expect(res.error.message.zh).toContain('缺纸');
    expect(res.error.message.en).toMatch(/out of paper.*print again/);
    expect(res.error.detail).toBe('fake paper_out');
    // A failed print is not recorded as printed: it may be tried again.
    rig.printers[0]!.failWith = null;
    expect(await h.api.printReceipt(RECEIPT)).toMatchObject({ ok: true, value: { reprint: false } });
  });

  it('answers no_printer when the printer is disabled, and timeout when the driver hangs', async () => {
    const h = await boot(config({ receiptPrinter: { transport: { kind: 'simulated' } } }), {
      printTimeoutMs: 50,
    });
    rig.printers[0]!.hang = true;
    expect(await h.api.printReceipt(RECEIPT)).toMatchObject({ ok: false, error: { code: 'timeout' } });
    await h.stop();
    host = null;
    const h2 = await boot(config({}));
    expect(await h2.api.printReceipt(RECEIPT)).toMatchObject({ ok: false, error: { code: 'no_printer' } });
  });
});

describe('simulation methods', () => {
  it('drive the simulators when devices are simulated', async () => {
    const h = await boot();
    expect(await h.api.simListIdentities()).toEqual([
      { index: 0, label: '居民 A' },
      { index: 1, label: '居民 B' },
    ]);
    expect(await h.api.simPlaceCard({ index: 1 })).toEqual({ ok: true, value: null });
    expect(rig.placed).toEqual([{ label: '居民 B' }]);
    expect(await h.api.simPlaceCard({ index: 5 })).toMatchObject({
      ok: false,
      error: { code: 'unknown_identity' },
    });
    expect(await h.api.simSetPrinterPaper({ present: false })).toEqual({ ok: true, value: null });
    expect(rig.paper).toEqual([false]);
    rig.receipts.push({ text: '回执', cut: true, qrPayloads: ['q'] });
    expect(await h.api.simPrintedReceipts()).toEqual([
      { index: 0, text: '回执', cut: true, qrPayloads: ['q'] },
    ]);
  });

  it('are refused with a clear error when nothing is simulated', async () => {
    const h = await boot(
      config({
        idCard: { transport: { kind: 'serial', path: '/dev/ttyUSB9' } },
        receiptPrinter: { transport: { kind: 'tcp', host: '10.0.0.9' } },
      }),
    );
    expect((await h.api.getTerminalInfo()).simulation).toBe(false);
    expect(rig.ptyOpened).toBe(0);
    await expect(h.api.simListIdentities()).rejects.toThrow(/not simulated/);
    await expect(h.api.simPrintedReceipts()).rejects.toThrow(/not simulated/);
    expect(await h.api.simPlaceCard({ index: 0 })).toMatchObject({
      ok: false,
      error: { code: 'not_simulated' },
    });
    expect(await h.api.simRemoveCard()).toMatchObject({
      ok: false,
      error: { code: 'not_simulated', message: { zh: expect.any(String) } },
    });
    expect(await h.api.simSetPrinterPaper({ present: true })).toMatchObject({
      ok: false,
      error: { code: 'not_simulated' },
    });
  });
});

describe('audit log', () => {
  it('records session, card, print and device events as JSON lines without personal data', async () => {
    const h = await boot();
    const session = h.sessionOpened('ws');
    rig.readers[0]!.emitCard({ type: 'card-present', card: SAMPLE_CARD });
    rig.readers[0]!.emitCard({ type: 'card-removed' });
    await h.api.printReceipt(RECEIPT);
    rig.printers[0]!.failWith = 'cover_open';
    await h.api.printReceipt({ ...RECEIPT, applicationId: 'second-application' });
    h.sessionClosed('ws', session);
    await h.stop();

    const text = auditText();
    const entries = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; at: string });
    const types = entries.map((e) => e.type);
    for (const t of [
      'host.start',
      'device.status',
      'session.open',
      'card.present',
      'card.removed',
      'print',
      'session.close',
      'host.stop',
    ]) {
      expect(types).toContain(t);
    }
    expect(entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(text).toContain('"outcome":"printed"');
    expect(text).toContain('"code":"cover_open"');
    // Nothing a person could be identified by: name, ID number, address, receipt text.
    for (const personal of [
      '测试张三',
      '11010119900307803X',
      '北京市东城区测试路1号',
      '1990-03-07',
      '居住证申领',
      'SQ20261122000001',
    ]) {
      expect(text).not.toContain(personal);
    }
  });
});
