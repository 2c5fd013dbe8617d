// A4 documents as PDF (pdfkit), Chinese text in an embedded subset of a CJK font. Pure apart from the
// font file it reads: the same request and date give the same layout. Never logs content.
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { A4ApplicationForm, A4Commitment, A4DocumentRequest, A4Field, A4Receipt } from '../api/a4.js';
import type { CjkFont } from './cjk-font.js';

export interface RenderContext {
  readonly font: CjkFont;
  readonly terminalId: string;
  readonly printedAt: Date;
}

export interface RenderedPdf {
  readonly pdf: Buffer;
  readonly pages: number;
}

const MARGIN = 56; // 2 cm
const A4_WIDTH = 595.28;
const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN;
const LABEL_WIDTH = 130;
const FONT = 'cjk';

/** The standard wording of a 告知承诺书 where the service supplies none. */
export const STANDARD_COMMITMENT_CLAUSES: readonly string[] = [
  '本人已知晓行政机关告知的全部内容，所填写的信息及提交的材料真实、准确、完整、有效。',
  '本人符合行政机关告知的条件、标准和要求，愿意承担不实承诺的法律责任。',
  '本人愿意接受行政机关依法开展的核查，如有虚假承诺，行政机关可依法撤销相关决定。',
  '本承诺书为本人真实意思表示。',
];

/** The font file is read once per process: a CJK collection is ~20 MB, and pdfkit would re-read it per document. */
const fontBytes = new Map<string, Buffer>();
function loadFont(path: string): Buffer {
  let bytes = fontBytes.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    fontBytes.set(path, bytes);
  }
  return bytes;
}

const TITLES = { application_form: '申请表', receipt: '受理回执', commitment: '告知承诺书' } as const;

export async function renderA4Document(req: A4DocumentRequest, ctx: RenderContext): Promise<RenderedPdf> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    // Fixed metadata: no personal data in the PDF's info dictionary, and reproducible output.
    info: { Title: `${TITLES[req.kind]} ${req.applicationNumber}`, Producer: 'Yichuang', Creator: 'Yichuang', CreationDate: ctx.printedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont(FONT, loadFont(ctx.font.path), ctx.font.postscriptName || undefined);
  doc.font(FONT);

  heading(doc, req);
  switch (req.kind) {
    case 'application_form':
      applicationForm(doc, req);
      break;
    case 'receipt':
      receipt(doc, req);
      break;
    case 'commitment':
      commitment(doc, req, ctx.printedAt);
      break;
  }
  const pages = footers(doc, ctx);
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), pages };
}

function heading(doc: PDFKit.PDFDocument, req: A4DocumentRequest): void {
  // The sheet says what it is: '居住证申领受理回执', '居住证申领申请表' (the title is the service's name; a
  // title that already ends in the document's name is not doubled).
  const named = (kind: 'application_form' | 'receipt') => (req.title.endsWith(TITLES[kind]) ? req.title : `${req.title}${TITLES[kind]}`);
  const title = req.kind === 'commitment' ? TITLES.commitment : named(req.kind);
  doc.fontSize(20).text(title, { align: 'center' });
  if (req.kind === 'commitment') doc.fontSize(12).moveDown(0.3).text(`（${req.title}）`, { align: 'center' });
  doc.moveDown(0.6).fontSize(10.5).text(`申请编号：${req.applicationNumber}`, { align: 'right' });
  doc.moveDown(0.6);
}

/** Two-column table row with borders; breaks to a new page when the row would not fit. */
function fieldRow(doc: PDFKit.PDFDocument, field: A4Field): void {
  const pad = 6;
  doc.fontSize(11);
  const valueWidth = CONTENT_WIDTH - LABEL_WIDTH - 2 * pad;
  const h = Math.max(doc.heightOfString(field.label, { width: LABEL_WIDTH - 2 * pad }), doc.heightOfString(field.value || ' ', { width: valueWidth })) + 2 * pad;
  if (doc.y + h > doc.page.height - MARGIN - 30) doc.addPage();
  const y = doc.y;
  doc.rect(MARGIN, y, LABEL_WIDTH, h).fillAndStroke('#f2f2f2', '#444444');
  doc.rect(MARGIN + LABEL_WIDTH, y, CONTENT_WIDTH - LABEL_WIDTH, h).stroke('#444444');
  doc.fillColor('#000000');
  doc.text(field.label, MARGIN + pad, y + pad, { width: LABEL_WIDTH - 2 * pad });
  doc.text(field.value, MARGIN + LABEL_WIDTH + pad, y + pad, { width: valueWidth });
  doc.x = MARGIN;
  doc.y = y + h;
}

function applicationForm(doc: PDFKit.PDFDocument, req: A4ApplicationForm): void {
  for (const section of req.sections) {
    if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
    doc.fontSize(13).text(section.heading, MARGIN, doc.y + 8);
    doc.moveDown(0.3);
    for (const f of section.fields) fieldRow(doc, f);
  }
  signature(doc, '申请人（签字）：');
}

function receipt(doc: PDFKit.PDFDocument, req: A4Receipt): void {
  for (const f of req.lines) fieldRow(doc, f);
  if (req.qrPayload.length > 0) {
    const size = 120;
    if (doc.y + size + 40 > doc.page.height - MARGIN) doc.addPage();
    const top = doc.y + 16;
    drawQr(doc, req.qrPayload, (A4_WIDTH - size) / 2, top, size);
    doc.fontSize(10.5).text('扫码查询办理进度', MARGIN, top + size + 6, { align: 'center', width: CONTENT_WIDTH });
  }
  doc.moveDown(1);
  for (const line of req.footer) doc.fontSize(10.5).text(line, MARGIN, doc.y, { align: 'center', width: CONTENT_WIDTH });
}

function commitment(doc: PDFKit.PDFDocument, req: A4Commitment, printedAt: Date): void {
  doc.fontSize(12).text(`承诺人：${req.applicantName}`, MARGIN, doc.y);
  doc.text(`证件号码：${req.applicantIdNumber}`);
  doc.moveDown(0.8);
  if (req.deferredMaterials && req.deferredMaterials.length > 0) {
    doc.text(`本人申请容缺办理，以下材料暂未提交：${req.deferredMaterials.join('、')}。`, MARGIN, doc.y, { width: CONTENT_WIDTH, lineGap: 4 });
    doc.moveDown(0.4);
  }
  doc.text(`就办理“${req.title}”事项，本人郑重承诺如下：`, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.4);
  // The text as signed on screen when the application carries it; the standard wording otherwise.
  const parts = req.parts && req.parts.length > 0 ? req.parts : [{ heading: null, clauses: req.clauses && req.clauses.length > 0 ? req.clauses : STANDARD_COMMITMENT_CLAUSES }];
  let n = 0;
  for (const part of parts) {
    if (part.heading) {
      doc.moveDown(0.2).text(part.heading, MARGIN, doc.y, { width: CONTENT_WIDTH });
      doc.moveDown(0.2);
    }
    for (const c of part.clauses) {
      doc.text(`${++n}. ${c}`, MARGIN + 12, doc.y, { width: CONTENT_WIDTH - 12, lineGap: 4 });
      doc.moveDown(0.3);
    }
  }
  signature(doc, '承诺人（签字）：', printedAt);
}

function signature(doc: PDFKit.PDFDocument, label: string, date?: Date): void {
  if (doc.y > doc.page.height - MARGIN - 90) doc.addPage();
  doc.moveDown(2).fontSize(12);
  const y = doc.y;
  doc.text(label, MARGIN + CONTENT_WIDTH / 2, y);
  doc.text(date ? `日期：${date.getFullYear()} 年 ${date.getMonth() + 1} 月 ${date.getDate()} 日` : '日期：        年    月    日', MARGIN + CONTENT_WIDTH / 2, y + 28);
}

/** Vector QR: one filled square per dark module, with the 4-module quiet zone inside `size`. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const m = size / (n + 8);
  doc.save().fillColor('#000000');
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x + (c + 4) * m, y + (r + 4) * m, m, m);
  doc.fill().restore();
}

/** Page N of M and the terminal id at the foot of every page; returns the page count. */
function footers(doc: PDFKit.PDFDocument, ctx: RenderContext): number {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin must not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(9).fillColor('#555555').text(`第 ${i + 1} 页 共 ${range.count} 页    ${ctx.terminalId}`, MARGIN, doc.page.height - MARGIN + 16, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('#000000');
  }
  return range.count;
}
