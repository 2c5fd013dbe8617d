// A4 documents rendered by pdfkit and checked the way a person would: rasterised with pdftoppm (poppler),
// fonts listed with pdffonts, and printed through a real CUPS scheduler to a cups-pdf queue.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { A4DocumentRequest } from '../api/a4.js';
import { renderA4Document, type RenderContext } from './a4-documents.js';
import { resolveCjkFont, type CjkFont } from './cjk-font.js';
import { CupsA4Printer } from './cups-printer.js';
import { startPrivateCups, type PrivateCups } from './testing/private-cups.js';

const DEJAVU: CjkFont = { path: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', postscriptName: '' };
const font = (): CjkFont => {
  const f = resolveCjkFont({});
  if (!f.ok) throw new Error(f.error.detail ?? f.error.code);
  return f.value;
};
const ctx = (f: CjkFont): RenderContext => ({ font: f, terminalId: 'T-HALL-0001', printedAt: new Date('2026-11-22T10:00:00Z') });

const FORM: A4DocumentRequest = {
  kind: 'application_form',
  applicationId: 'a4-form-1',
  applicationNumber: 'SQ20261122000042',
  title: '居住证申领',
  sections: [
    { heading: '申请人信息', fields: [{ label: '姓名', value: '测试李四' }, { label: '联系电话', value: '138****0000' }] },
    { heading: '居住信息', fields: [{ label: '居住地址', value: '北京市东城区测试街道一号院 2 单元 301 室' }, { label: '居住起始日期', value: '2025-03-01' }] },
  ],
};
const RECEIPT: A4DocumentRequest = {
  kind: 'receipt',
  applicationId: 'a4-receipt-1',
  applicationNumber: 'SQ20261122000042',
  title: '居住证申领受理回执',
  lines: [{ label: '事项', value: '居住证申领' }, { label: '承诺时限', value: '5 个工作日' }],
  qrPayload: 'https://zwfw.example.gov.cn/progress?no=SQ20261122000042',
  footer: ['请妥善保管本回执'],
};
const COMMITMENT: A4DocumentRequest = {
  kind: 'commitment',
  applicationId: 'a4-commit-1',
  applicationNumber: 'SQ20261122000042',
  title: '居住证申领',
  applicantName: '测试李四',
  applicantIdNumber: '1101**********8015',
};

/** As the renderer sends it for an application that carries its signed text (contract 3). */
const SIGNED_COMMITMENT: A4DocumentRequest = {
  ...COMMITMENT,
  applicationId: 'a4-commit-2',
  title: '新生儿出生一件事',
  deferredMaterials: ['出生医学证明', '户口簿'],
  parts: [
    { heading: null, clauses: ['本人承诺所填新生儿信息真实。', '本人承诺在三十日内补交材料。'] },
    { heading: '城乡居民医保参保登记', clauses: ['本人承诺新生儿未在其他地区参保。'] },
  ],
};

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'yichuang-a4-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Rasterises page 1 with pdftoppm (greyscale, 50 dpi) and returns the pixels. */
function raster(pdf: Buffer | string, name: string): { width: number; height: number; pixels: Uint8Array } {
  const file = typeof pdf === 'string' ? pdf : join(work, `${name}.pdf`);
  if (typeof pdf !== 'string') writeFileSync(file, pdf);
  const out = join(work, `${name}-raster`);
  execFileSync('pdftoppm', ['-gray', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, out]);
  const pgm = readFileSync(`${out}.pgm`);
  // P5 header: "P5\n<w> <h>\n255\n"
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const offset = header[0].length;
  return { width: Number(header[1]), height: Number(header[2]), pixels: pgm.subarray(offset) };
}
const ink = (p: Uint8Array): number => p.reduce((n, v) => n + (v < 128 ? 1 : 0), 0);
const differing = (a: Uint8Array, b: Uint8Array): number => a.reduce((n, v, i) => n + (Math.abs(v - (b[i] ?? 255)) > 64 ? 1 : 0), 0);

/** One big character alone on an A4 page. */
async function glyphPage(f: CjkFont, ch: string, name: string): Promise<Uint8Array> {
  const { pdf } = await renderA4Document({ kind: 'receipt', applicationId: 'g', applicationNumber: ch, title: ch, lines: [], qrPayload: '', footer: [] }, ctx(f));
  return raster(pdf, name).pixels;
}

describe('A4 documents (pdfkit, embedded CJK subset)', () => {
  it('finds the Noto Sans CJK face, or says exactly what is missing', () => {
    expect(font()).toEqual({ path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' });
    const missing = resolveCjkFont({}, [{ path: '/nope/font.ttc', postscriptName: 'X' }]);
    expect(missing).toMatchObject({ ok: false, error: { code: 'cjk_font_missing', detail: expect.stringContaining('/nope/font.ttc') } });
    expect(resolveCjkFont({ YICHUANG_CJK_FONT: '/nope/x.ttc#Y' })).toMatchObject({ ok: false, error: { detail: expect.stringContaining('YICHUANG_CJK_FONT') } });
  });

  it.each([
    ['application form', FORM, ['居住证申领申请表', '申请人信息', '测试李四', '申请人（签字）']],
    ['receipt', RECEIPT, ['居住证申领受理回执', '扫码查询办理进度', '请妥善保管本回执']],
    ['commitment letter', COMMITMENT, ['告知承诺书', '承诺人：测试李四', '本人郑重承诺如下', '1. 本人']],
    [
      'commitment letter with the signed text',
      SIGNED_COMMITMENT,
      ['以下材料暂未提交：出生医学证明、户口簿。', '1. 本人承诺所填新生儿信息真实。', '2. 本人承诺在三十日内补交材料。', '城乡居民医保参保登记', '3. 本人承诺新生儿未在其他地区参保。'],
    ],
  ] as const)('renders the %s with the CJK subset embedded and its Chinese text in place', async (name, req, texts) => {
    const { pdf, pages } = await renderA4Document(req, ctx(font()));
    expect(pages).toBe(1);
    const file = join(work, `${req.applicationId}.pdf`);
    writeFileSync(file, pdf);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    // "ABCDEF+NotoSansCJKsc-Regular  CID Type 0C  Identity-H  yes yes yes": embedded and subset.
    expect(fonts, name).toMatch(/[A-Z]{6}\+NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(pdf.length, 'a subset, not the 19 MB collection').toBeLessThan(300_000);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const t of texts) expect(text.replace(/ +/g, ''), name).toContain(t.replace(/ +/g, ''));
    expect(ink(raster(pdf, req.applicationId).pixels), 'the page has ink').toBeGreaterThan(500);
  });

  it('draws real glyphs, not tofu: two characters rasterise differently in the CJK font, identically in a font without CJK', async () => {
    // Control: DejaVu Sans has no CJK, so both characters become the same .notdef box (tofu).
    const tofuA = await glyphPage(DEJAVU, '申', 'tofu-a');
    const tofuB = await glyphPage(DEJAVU, '请', 'tofu-b');
    expect(differing(tofuA, tofuB)).toBe(0);
    const a = await glyphPage(font(), '申', 'cjk-a');
    const b = await glyphPage(font(), '请', 'cjk-b');
    expect(differing(a, b)).toBeGreaterThan(50);
    expect(differing(a, tofuA)).toBeGreaterThan(50);
  });

  it('draws the receipt QR code as dark modules below the table', async () => {
    const withQr = raster((await renderA4Document(RECEIPT, ctx(font()))).pdf, 'qr-on').pixels;
    const withoutQr = raster((await renderA4Document({ ...RECEIPT, qrPayload: '' }, ctx(font()))).pdf, 'qr-off').pixels;
    expect(ink(withQr) - ink(withoutQr)).toBeGreaterThan(1000);
  });
});

describe('CUPS A4 printer', () => {
  let cups: PrivateCups | null = null;
  let unavailable = '';
  beforeAll(async () => {
    const started = await startPrivateCups();
    if ('unavailable' in started) unavailable = started.unavailable;
    else cups = started;
  }, 30_000);
  afterAll(async () => {
    await cups?.stop();
  });

  it('prints the commitment letter to a real CUPS queue (cups-pdf) and the printed PDF carries the page', async (t) => {
    // Skipped, with the reason, where cupsd cannot run (no CUPS installed, not root, sandbox without it).
    if (!cups) return t.skip(`CUPS not available here: ${unavailable}`);
    cups.addPdfQueue('yc-a4');
    const printer = new CupsA4Printer({ deviceId: 'a4-printer', queue: 'yc-a4', server: cups.server, completionWaitMs: 30_000 });
    await printer.start();
    expect(printer.status()).toEqual({ kind: 'ready' });
    const title = `yichuang-commitment-${Date.now()}`;
    const { pdf } = await renderA4Document(COMMITMENT, ctx(font()));
    const job = await printer.print(pdf, { title });
    expect(job).toMatchObject({ ok: true, value: { jobId: expect.stringMatching(/^yc-a4-\d+$/), state: 'completed' } });
    await printer.stop();
    // cups-pdf (Debian: Out ${HOME}/PDF) names the file after the job title.
    const outDir = join(homedir(), 'PDF');
    const printed = existsSync(outDir) ? readdirSync(outDir).find((f) => f.startsWith(title)) : undefined;
    expect(printed, `a PDF titled ${title} in ${outDir}`).toBeDefined();
    const out = join(outDir, printed!);
    try {
      const page = raster(out, 'printed');
      const original = raster(pdf, 'original');
      expect(ink(page.pixels)).toBeGreaterThan(ink(original.pixels) * 0.5);
      expect(spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout).toMatch(/Pages:\s+1/);
    } finally {
      rmSync(out, { force: true });
    }
  }, 60_000);

  it('reports a queue that does not exist as no_device, and a print to it as no_printer', async (t) => {
    if (!cups) return t.skip(`CUPS not available here: ${unavailable}`);
    const printer = new CupsA4Printer({ deviceId: 'a4-printer', queue: 'yc-no-such-queue', server: cups.server });
    await printer.start();
    expect(printer.status()).toMatchObject({ kind: 'no_device', detail: expect.stringContaining('yc-no-such-queue') });
    const job = await printer.print(Buffer.from('%PDF-1.4\n'), { title: 't' });
    expect(job).toMatchObject({ ok: false, error: { code: 'no_printer' } });
    await printer.stop();
  });

  it('reports a scheduler that is not running as no_device with the reason', async () => {
    const printer = new CupsA4Printer({ deviceId: 'a4-printer', queue: 'anything', server: '127.0.0.1:9' });
    await printer.start();
    expect(printer.status()).toMatchObject({ kind: 'no_device', detail: expect.stringMatching(/CUPS scheduler not reachable|does not exist/) });
    await printer.stop();
  });
});
