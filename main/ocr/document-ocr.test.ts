// Real OCR with tesseract.js on generated pages (rendered by pdfkit, rasterised by pdftoppm at 200 dpi),
// one engine for the whole file. Fields must be read AND check-digit verified.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SYNTHETIC_VALUES,
  syntheticDocumentPng,
  WRONG_CHECK_RESIDENT_ID,
} from '../../devices/document-camera/synthetic-documents.js';
import { createDocumentOcr } from './document-ocr.js';
import { createOcrEngine, localLanguageDir, workerOptions } from './tesseract-engine.js';

const run = promisify(execFile);
const TODAY = new Date('2026-11-22T00:00:00Z');
// Kept between runs: the unpacked language data (tesseract.js cachePath), not page content.
const engine = createOcrEngine({ cacheDir: join(tmpdir(), 'yichuang-ocr-test-cache') });
const ocr = createDocumentOcr({ engine, now: () => TODAY });
afterAll(() => engine.terminate());

const read = async (kind: Parameters<typeof syntheticDocumentPng>[0]) => {
  const r = await ocr.read(await syntheticDocumentPng(kind));
  if (!r.ok) throw new Error(`OCR failed: ${r.error.code} ${r.error.detail ?? ''}`);
  return r.value;
};

describe('document OCR on generated pages (tesseract.js, local data)', () => {
  it('reads the resident ID number from an ID card copy', { timeout: 30_000 }, async () => {
    const page = await read('id_card_copy');
    expect(page.fields).toContainEqual(expect.objectContaining({ kind: 'resident_id', value: SYNTHETIC_VALUES.residentId }));
    expect(page.textConfidence).toBeGreaterThan(50);
    expect(page.image).toEqual({ mime: 'image/png', width: 1667, height: 1112 });
  });

  it('reads the unified social credit code from a business licence', { timeout: 20_000 }, async () => {
    const page = await read('business_licence');
    expect(page.fields.filter((f) => f.kind === 'uscc').map((f) => f.value)).toEqual([SYNTHETIC_VALUES.uscc]);
  });

  it('reads the passport MRZ with every check digit passing', { timeout: 20_000 }, async () => {
    const page = await read('passport_page');
    expect(page.fields).toContainEqual(
      expect.objectContaining({ kind: 'passport_mrz', value: 'E12345678', birthDate: '1985-02-03', expiryDate: '2031-01-15', mrz: SYNTHETIC_VALUES.passportMrz[1] }),
    );
  });

  it('reads the exit-entry permit MRZ line', { timeout: 20_000 }, async () => {
    const page = await read('exit_entry_permit');
    expect(page.fields).toContainEqual(
      expect.objectContaining({ kind: 'exit_entry_permit_mrz', value: 'C12345678', permitType: 'CS', mrz: SYNTHETIC_VALUES.permitMrz }),
    );
  });

  it('offers nothing from a page whose ID number has a wrong check character', { timeout: 20_000 }, async () => {
    const page = await read('id_card_copy_wrong_check');
    expect(WRONG_CHECK_RESIDENT_ID).not.toBe(SYNTHETIC_VALUES.residentId);
    expect(page.fields).toEqual([]);
  });

  it('refuses a file that is not an image before any OCR', async () => {
    const r = await ocr.read(new TextEncoder().encode('%PDF-1.7 not an image'));
    expect(r).toMatchObject({ ok: false, error: { code: 'image_format' } });
  });

  it('uses only local files: language data from node_modules, no URL anywhere in the options', () => {
    const options = workerOptions(join(tmpdir(), 'yichuang-ocr-test-cache'), ['chi_sim', 'eng']);
    for (const value of Object.values(options)) expect(String(value)).not.toMatch(/^[a-z]+:\/\//i);
    expect(localLanguageDir('chi_sim')).toMatch(/node_modules\/@tesseract\.js-data\/chi_sim\/4\.0\.0_best_int$/);
  });

  it('reads a page with every network call refused, in the process and in its worker threads', { timeout: 30_000 }, async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const guard = join(here, 'testing', 'no-network-guard.cjs');
    const probe = join(here, 'testing', 'ocr-offline-probe.ts');
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', probe], {
      env: { ...process.env, NODE_OPTIONS: `--require ${guard}` },
      timeout: 25_000,
    });
    expect(stderr).toContain('[no-network-guard] armed in worker thread');
    expect(stderr).not.toContain('BLOCKED');
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ ok: true, kinds: ['resident_id'] });
  });
});
