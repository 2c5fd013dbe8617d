// The host's document desk as the TerminalApi uses it: the simulated capture service over real HTTP,
// real OCR, and the parameter schema at the transport edge.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SYNTHETIC_VALUES, syntheticDocumentPng } from '../../devices/document-camera/synthetic-documents.js';
import { startDocumentCameraSimulator } from '../../devices/document-camera/simulator.js';
import { formatConfigError, profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import { paramSchemas } from '../transport/params.js';
import { createDocumentService, type DocumentService } from './document-service.js';
import { createOcrEngine } from './tesseract-engine.js';

const TODAY = new Date('2026-11-22T00:00:00Z');
const profile = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as Record<string, unknown>;
const engine = createOcrEngine({ cacheDir: join(tmpdir(), 'yichuang-ocr-test-cache') });
afterAll(() => engine.terminate());
const services: DocumentService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
});

function service(config: Parameters<typeof createDocumentService>[0]['config']): DocumentService {
  const s = createDocumentService({ config, dataDir: tmpdir(), now: () => TODAY, engine });
  services.push(s);
  return s;
}

describe('document service', () => {
  it('captures from the simulated camera and reads the page under it', { timeout: 30_000 }, async () => {
    const s = service({ enabled: true, transport: { kind: 'simulated' } });
    await s.start();
    expect(s.statusReport()).toMatchObject({ deviceId: 'document-camera', deviceClass: 'document-camera', status: { kind: 'ready' } });

    const page = await s.captureDocument();
    expect(page).toMatchObject({ ok: true, value: { mime: 'image/png', width: 1667, height: 1112 } });
    if (page.ok) expect(Buffer.from(page.value.imageBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');

    expect(s.simPlaceDocument('business_licence')).toEqual({ ok: true, value: null });
    const read = await s.ocrDocument({ fromCamera: true });
    expect(read.ok && read.value.fields.map((f) => [f.kind, f.value])).toEqual([['uscc', SYNTHETIC_VALUES.uscc]]);
  });

  it('reads an image the renderer sends, with no camera configured at all', { timeout: 20_000 }, async () => {
    const s = service(undefined);
    await s.start();
    expect(s.statusReport()).toBeNull();
    expect(await s.captureDocument()).toMatchObject({ ok: false, error: { code: 'no_document_camera' } });
    const imageBase64 = (await syntheticDocumentPng('passport_page')).toString('base64');
    const read = await s.ocrDocument({ imageBase64 });
    expect(read.ok && read.value.fields).toContainEqual(expect.objectContaining({ kind: 'passport_mrz', value: 'E12345678' }));
    expect(read.ok && read.value.textConfidence).toBeGreaterThan(50);
  });

  it('reports a disabled camera as disabled and refuses capture', async () => {
    const s = service({ enabled: false, transport: { kind: 'simulated' } });
    await s.start();
    expect(s.statusReport()?.status).toEqual({ kind: 'disabled' });
    expect(await s.captureDocument()).toMatchObject({ ok: false, error: { code: 'no_document_camera' } });
  });

  it('shows no_device for a configured vendor service that is not running', async () => {
    const s = service({
      enabled: true,
      transport: {
        kind: 'http',
        baseUrl: 'http://127.0.0.1:9', // discard port: nothing listens
        capturePath: '/capture',
        captureMethod: 'GET',
        statusPath: '/status',
        response: { kind: 'binary' },
        captureTimeoutMs: 2_000,
      },
    });
    await s.start();
    expect(s.statusReport()?.status.kind).toBe('no_device');
    const r = await s.ocrDocument({ fromCamera: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'no_device' } });
  });

  it('captures through a vendor WebSocket service configured in kiosk-config, and reads the page', { timeout: 30_000 }, async () => {
    const vendor = await startDocumentCameraSimulator();
    try {
      const loaded = validateKioskConfig({ ...profile, devices: { documentCamera: { transport: { kind: 'websocket', url: vendor.wsUrl } } } });
      if (!loaded.ok) throw new Error(formatConfigError(loaded.error));
      const s = service(loaded.value.devices.documentCamera);
      await s.start();
      expect(s.statusReport()?.status).toEqual({ kind: 'ready' });
      vendor.place({ kind: 'document', document: 'business_licence' });
      const read = await s.ocrDocument({ fromCamera: true });
      expect(read.ok && read.value.fields.map((f) => [f.kind, f.value])).toEqual([['uscc', SYNTHETIC_VALUES.uscc]]);
      expect(vendor.captures()).toBe(1);
    } finally {
      await vendor.stop();
    }
    // A service elsewhere than this machine, or not ws://, is refused at start, naming the field.
    for (const url of ['ws://192.0.2.7:1818', 'http://127.0.0.1:1818']) {
      const bad = validateKioskConfig({ ...profile, devices: { documentCamera: { transport: { kind: 'websocket', url } } } });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(formatConfigError(bad.error)).toContain('devices.documentCamera.transport.url');
    }
  });

  it('the transport refuses both or neither source, a data: prefix, and an unknown simulated page', () => {
    const schema = paramSchemas.ocrDocument;
    expect(schema.safeParse([{ fromCamera: true }]).success).toBe(true);
    expect(schema.safeParse([{ imageBase64: 'iVBORw0KGgo=' }]).success).toBe(true);
    expect(schema.safeParse([{}]).success).toBe(false);
    expect(schema.safeParse([{ imageBase64: 'iVBORw0KGgo=', fromCamera: true }]).success).toBe(false);
    expect(schema.safeParse([{ imageBase64: 'data:image/png;base64,iVBORw0KGgo=' }]).success).toBe(false);
    expect(schema.safeParse([{ imageBase64: 'A'.repeat(28 * 1024 * 1024) }]).success).toBe(false);
    expect(paramSchemas.simPlaceDocument.safeParse([{ document: 'bank_statement' }]).success).toBe(false);
  });
});
