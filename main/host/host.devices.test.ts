// The host with the REAL drivers and simulators, over socat pty pairs (config transport 'simulated').
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import type { ReceiptDocument } from '../api/receipt.js';
import type { TerminalEvent } from '../api/terminal-api.js';
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

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-host-dev-'));
  events = [];
});
afterEach(async () => {
  await host?.stop();
  host = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function boot(devices: unknown): Promise<TerminalHost> {
  host = createTerminalHost({ config: config(devices), dataDir, version: 'test' });
  host.onEvent((e) => events.push(e));
  await host.start();
  return host;
}

const statusOf = async (h: TerminalHost, deviceId: string): Promise<string | undefined> =>
  (await h.api.getDeviceStatuses()).find((s) => s.deviceId === deviceId)?.status.kind;

describe('host with the real ID card driver and simulator', () => {
  it('reports the reader ready, and a placed card as card-present without photo bytes', async () => {
    const h = await boot({ idCard: { transport: { kind: 'simulated' }, pollIntervalMs: 100 } });
    await expect.poll(() => statusOf(h, 'id-card'), { timeout: 10_000 }).toBe('ready');
    expect(await statusOf(h, 'receipt-printer')).toBe('disabled');
    expect(events.some((e) => e.type === 'device-status' && e.report.status.kind === 'ready')).toBe(true);

    const identities = await h.api.simListIdentities();
    expect(identities.length).toBeGreaterThan(0);
    expect(identities[0]).toEqual({ index: 0, label: expect.any(String) });

    expect(await h.api.simPlaceCard({ index: 0 })).toEqual({ ok: true, value: null });
    await expect.poll(() => events.find((e) => e.type === 'card-present'), { timeout: 10_000 }).toBeDefined();
    const present = events.find((e) => e.type === 'card-present');
    if (present?.type !== 'card-present') throw new Error('no card');
    expect(present.card.cardType).toBe('resident');
    expect(present.card.idNumberValid).toBe(true);
    expect(present.card.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(present.card.photo).toEqual({ decoded: false });
    const keys = Object.keys(present.card);
    for (const k of ['photoWlt', 'photoBmp', 'fingerprint', 'permitNumber', 'issueCount'])
      expect(keys).not.toContain(k);
    // The event is what a transport sends: small, no kilobyte of photo bytes.
    expect(JSON.stringify(present).length).toBeLessThan(1000);

    expect(await h.api.simRemoveCard()).toEqual({ ok: true, value: null });
    await expect.poll(() => events.some((e) => e.type === 'card-removed'), { timeout: 10_000 }).toBe(true);

    await h.stop();
    const audit = readdirSync(join(dataDir, 'audit'))
      .map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8'))
      .join('');
    expect(audit).toContain('"type":"card.present"');
    expect(audit).not.toContain(present.card.name);
    expect(audit).not.toContain(present.card.idNumber);
    expect(audit).not.toContain(present.card.address);
  });

  it('reports a serial reader on a missing port as a device status, and keeps running', async () => {
    const h = await boot({ idCard: { transport: { kind: 'serial', path: '/dev/does-not-exist-yc' } } });
    await expect.poll(() => statusOf(h, 'id-card'), { timeout: 10_000 }).toMatch(/no_device|error|offline/);
    expect((await h.api.getTerminalInfo()).simulation).toBe(false);
    expect(await h.api.simPlaceCard({ index: 0 })).toMatchObject({
      ok: false,
      error: { code: 'not_simulated' },
    });
  });
});

const RECEIPT: ReceiptDocument = {
  applicationId: '7d0c5a52-9a51-4f0e-8a43-2b1f6f0d1c11',
  title: '居住证申领回执',
  applicationNumber: 'SQ20261122000042',
  lines: [
    { label: '申请人', value: '测试李四' },
    { label: '身份证号', value: '110101199003078015' },
    { label: '事项', value: '居住证申领' },
  ],
  qrPayload: 'https://zwfw.example.gov.cn/progress?no=SQ20261122000042',
  footer: ['请凭此回执查询办理进度'],
};

describe('host with the real receipt printer driver and simulator', () => {
  it('prints the Chinese text and the QR code once per application', async () => {
    const h = await boot({ receiptPrinter: { transport: { kind: 'simulated' }, paperWidthMm: 80 } });
    await expect.poll(() => statusOf(h, 'receipt-printer'), { timeout: 10_000 }).toBe('ready');
    expect(await statusOf(h, 'id-card')).toBe('disabled');

    const first = await h.api.printReceipt(RECEIPT);
    expect(first).toEqual({
      ok: true,
      value: { applicationId: RECEIPT.applicationId, jobId: RECEIPT.applicationId, reprint: false },
    });
    const receipts = await h.api.simPrintedReceipts();
    expect(receipts).toHaveLength(1);
    const [receipt] = receipts;
    for (const text of [
      '居住证申领回执',
      'SQ20261122000042',
      '申请编号',
      '事项',
      '居住证申领',
      '测试李四',
      '请凭此回执查询办理进度',
    ]) {
      expect(receipt!.text).toContain(text);
    }
    expect(receipt!.qrPayloads).toEqual([RECEIPT.qrPayload]);
    expect(receipt!.cut).toBe(true);

    const second = await h.api.printReceipt(RECEIPT);
    expect(second).toMatchObject({ ok: true, value: { alreadyPrinted: true } });
    expect(await h.api.simPrintedReceipts()).toHaveLength(1);

    await h.stop();
    const audit = readdirSync(join(dataDir, 'audit'))
      .map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8'))
      .join('');
    expect(audit).toContain('"outcome":"printed"');
    expect(audit).toContain('"outcome":"already_printed"');
    for (const personal of ['测试李四', '110101199003078015', 'SQ20261122000042', '居住证申领'])
      expect(audit).not.toContain(personal);
  });

  it('reports paper out, refuses at once so the screen can show the QR, and prints once the paper is back', async () => {
    const h = await boot({ receiptPrinter: { transport: { kind: 'simulated' }, paperWidthMm: 58 } });
    await expect.poll(() => statusOf(h, 'receipt-printer'), { timeout: 10_000 }).toBe('ready');
    expect(await h.api.simSetPrinterPaper({ present: false })).toEqual({ ok: true, value: null });
    await expect.poll(() => statusOf(h, 'receipt-printer'), { timeout: 10_000 }).toBe('paper_out');
    expect(events.some((e) => e.type === 'device-status' && e.report.status.kind === 'paper_out')).toBe(true);

    const refused = await h.api.printReceipt({ ...RECEIPT, applicationId: 'paper-out-application' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'paper_out' } });
    expect(await h.api.simPrintedReceipts()).toHaveLength(0);

    await h.api.simSetPrinterPaper({ present: true });
    await expect.poll(() => statusOf(h, 'receipt-printer'), { timeout: 10_000 }).toBe('ready');
    const res = await h.api.printReceipt({ ...RECEIPT, applicationId: 'paper-out-application' });
    expect(res).toMatchObject({ ok: true, value: { applicationId: 'paper-out-application' } });
    await expect.poll(async () => (await h.api.simPrintedReceipts()).length, { timeout: 10_000 }).toBe(1);
    expect((await h.api.simPrintedReceipts())[0]!.text).toContain('居住证申领回执');
  });
});

describe('document camera kinds in TerminalInfo', () => {
  it('a UVC camera is the screen\'s: the info says uvc with its settings, the host never opens it and shows what the screen reports', async () => {
    const h = await boot({ documentCamera: { transport: { kind: 'uvc', label: 'Doc Cam', width: 1280, height: 720 } } });
    expect((await h.api.getTerminalInfo()).documentCamera).toEqual({ kind: 'uvc', label: 'Doc Cam', width: 1280, height: 720, mime: 'image/jpeg' });
    // Starting until the screen has looked (host.uvc-camera.test.ts follows its reports).
    expect((await h.api.getDeviceStatuses()).filter((s) => s.deviceClass === 'document-camera').map((s) => s.status)).toEqual([{ kind: 'starting' }]);
    expect(await h.api.captureDocument()).toMatchObject({ ok: false, error: { code: 'no_document_camera' } });
  });

  it('a host-side camera says host; none configured says null', async () => {
    const withCamera = await boot({ documentCamera: { transport: { kind: 'simulated' } } });
    expect((await withCamera.api.getTerminalInfo()).documentCamera).toEqual({ kind: 'host' });
    await withCamera.stop();
    const without = await boot({});
    expect((await without.api.getTerminalInfo()).documentCamera).toBeNull();
  });
});
