// Made-up paper documents for the document camera simulator, tests and the OCR bench: drawn with pdfkit
// (Noto Sans CJK for Chinese, DejaVu Sans Mono for MRZ lines) and rasterised with poppler's pdftoppm, the
// way a 高拍仪 photographs a page. Every number is synthetic with valid check digits; no real person.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import { buildExitEntryPermitMrz, buildPassportMrz } from '../../sync/protocol/document-numbers.js';
import { residentIdCheckChar } from '../../sync/protocol/id-numbers.js';

const run = promisify(execFile);

export const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const CJK_FONT_FAMILY = 'NotoSansCJKsc-Regular';
export const MONO_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

export type SyntheticDocumentKind =
  | 'id_card_copy'
  | 'business_licence'
  | 'passport_page'
  | 'exit_entry_permit'
  /** An ID card copy whose number has a wrong check character: nothing may be offered from it. */
  | 'id_card_copy_wrong_check';
export const SYNTHETIC_DOCUMENT_KINDS: readonly SyntheticDocumentKind[] = [
  'id_card_copy',
  'business_licence',
  'passport_page',
  'exit_entry_permit',
];

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** GB 11714 organisation code: 8 characters + their check character (mod 11, 10 = X). */
export function withOrganisationCodeCheck(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return first8 + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/** GB 32100: 17 characters + their check character. */
export function withUsccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return first17 + USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** The values printed on each synthetic document: what OCR should read back. */
export const SYNTHETIC_VALUES = {
  residentId: ((s: string) => s + residentIdCheckChar(s))('11010519491231002'),
  uscc: withUsccCheck('91110108' + withOrganisationCodeCheck('MA01ABCD')),
  passportMrz: buildPassportMrz({
    issuingState: 'CHN',
    surname: 'ZHANG',
    givenNames: 'SAN',
    documentNumber: 'E12345678',
    nationality: 'CHN',
    birth: '850203',
    sex: 'M',
    expiry: '310115',
  }),
  permitMrz: buildExitEntryPermitMrz({ permitType: 'CS', documentNumber: 'C12345678', expiry: '300115', birth: '850203' }),
} as const;

type Doc = PDFKit.PDFDocument;

/** The synthetic ID number with its check character replaced by a wrong one. */
export const WRONG_CHECK_RESIDENT_ID = SYNTHETIC_VALUES.residentId.slice(0, 17) + (SYNTHETIC_VALUES.residentId[17] === '3' ? '4' : '3');

function drawIdCardCopy(doc: Doc, idNumber: string = SYNTHETIC_VALUES.residentId): void {
  doc.font('cjk').fontSize(22).text('居民身份证（复印件）', 40, 30);
  doc.roundedRect(40, 70, 520, 300, 12).lineWidth(1.5).stroke('#444');
  const rows: [string, string][] = [
    ['姓名', '测试甲'],
    ['性别', '男        民族  汉'],
    ['出生', '1949年12月31日'],
    ['住址', '北京市朝阳区示例路1号'],
  ];
  rows.forEach(([k, v], i) => doc.fontSize(18).fillColor('#000').text(`${k}    ${v}`, 64, 95 + i * 44));
  doc.fontSize(18).text('公民身份号码', 64, 300);
  doc.fontSize(22).text(idNumber, 200, 297, { characterSpacing: 1 });
}

function drawBusinessLicence(doc: Doc): void {
  doc.font('cjk').fontSize(30).text('营 业 执 照', 0, 30, { align: 'center', width: 600 });
  doc.fontSize(16).text('统一社会信用代码', 40, 100);
  doc.fontSize(20).text(SYNTHETIC_VALUES.uscc, 190, 97, { characterSpacing: 1 });
  const rows: [string, string][] = [
    ['名称', '示例科技有限公司'],
    ['类型', '有限责任公司'],
    ['法定代表人', '测试乙'],
    ['注册资本', '壹佰万元整'],
    ['住所', '北京市海淀区示例大街2号'],
  ];
  rows.forEach(([k, v], i) => doc.font('cjk').fontSize(16).text(`${k}    ${v}`, 40, 150 + i * 36));
}

function drawMrz(doc: Doc, lines: readonly string[], top: number): void {
  doc.rect(20, top - 12, 560, lines.length * 34 + 20).fill('#f4f4f4');
  doc.fillColor('#000').font('mono').fontSize(15);
  lines.forEach((l, i) => doc.text(l, 30, top + i * 34, { lineBreak: false }));
}

function drawPassportPage(doc: Doc): void {
  doc.font('cjk').fontSize(20).fillColor('#000').text('中华人民共和国护照  PASSPORT', 40, 30);
  const rows: [string, string][] = [
    ['类型/Type', 'P'],
    ['国家码/Country code', 'CHN'],
    ['护照号/Passport No.', 'E12345678'],
    ['姓名/Name', '测试丙  ZHANG, SAN'],
    ['出生日期/Date of birth', '03 FEB 1985'],
    ['有效期至/Date of expiry', '15 JAN 2031'],
  ];
  rows.forEach(([k, v], i) => doc.fontSize(14).text(`${k}   ${v}`, 40, 80 + i * 30));
  drawMrz(doc, SYNTHETIC_VALUES.passportMrz, 300);
}

function drawExitEntryPermit(doc: Doc): void {
  doc.font('cjk').fontSize(20).fillColor('#000').text('往来港澳通行证', 40, 30);
  doc.fontSize(12).text('EXIT-ENTRY PERMIT FOR TRAVELLING TO AND FROM HONG KONG AND MACAO', 40, 62);
  const rows: [string, string][] = [
    ['姓名', '测试丁'],
    ['出生日期', '1985.02.03'],
    ['证件号码', 'C12345678'],
    ['有效期限', '2020.01.16-2030.01.15'],
  ];
  rows.forEach(([k, v], i) => doc.fontSize(16).text(`${k}    ${v}`, 40, 100 + i * 40));
  drawMrz(doc, [SYNTHETIC_VALUES.permitMrz], 320);
}

const DRAW: Record<SyntheticDocumentKind, (doc: Doc) => void> = {
  id_card_copy: drawIdCardCopy,
  business_licence: drawBusinessLicence,
  passport_page: drawPassportPage,
  exit_entry_permit: drawExitEntryPermit,
  id_card_copy_wrong_check: (doc) => drawIdCardCopy(doc, WRONG_CHECK_RESIDENT_ID),
};

/** One page as PDF bytes (600×400 pt, white, black print). */
export function syntheticDocumentPdf(kind: SyntheticDocumentKind): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: [600, 400], margin: 0, info: { Title: `synthetic ${kind}` } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', CJK_FONT, CJK_FONT_FAMILY);
    doc.registerFont('mono', MONO_FONT);
    DRAW[kind](doc);
    doc.end();
  });
}

export const DEFAULT_SYNTHETIC_DIR = join(tmpdir(), 'yichuang-synthetic-documents');
/** 200 dpi, as a typical 高拍仪 document mode: a 600×400 pt page becomes 1667×1112 px. */
export const SYNTHETIC_DPI = 200;

/**
 * The page as a PNG, rendered once and cached in `dir` (file name carries the kind, dpi and a version so a
 * changed drawing is re-rendered). pdftoppm (poppler-utils) must be installed.
 */
export async function syntheticDocumentPng(
  kind: SyntheticDocumentKind,
  dir: string = DEFAULT_SYNTHETIC_DIR,
): Promise<Buffer> {
  const base = join(dir, `${kind}-v3-${SYNTHETIC_DPI}`);
  const png = `${base}.png`;
  if (existsSync(png)) return readFileSync(png);
  mkdirSync(dir, { recursive: true });
  // Render under a unique name and rename: two test files may ask for the same page at once.
  const scratch = `${base}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(`${scratch}.pdf`, await syntheticDocumentPdf(kind));
  await run('pdftoppm', ['-png', '-r', String(SYNTHETIC_DPI), '-singlefile', `${scratch}.pdf`, scratch]);
  rmSync(`${scratch}.pdf`, { force: true });
  renameSync(`${scratch}.png`, png);
  return readFileSync(png);
}
