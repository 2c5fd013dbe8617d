// Receipt job → ESC/POS bytes. Pure. Text is GB18030 in Chinese mode (FS &), wrapped by display
// width at the paper's column count (58 mm: 32, 80 mm: 48; double size halves it).
import iconv from 'iconv-lite';
import type { ReceiptBlock, ReceiptJob } from './printer.js';
import {
  align,
  bold,
  charSize,
  CHINESE_MODE_ON,
  concat,
  feedLines,
  FULL_CUT,
  INIT,
  LF,
  QR_MAX_BYTES,
  QR_MODEL_2,
  QR_PRINT,
  qrErrorLevel,
  qrModuleSize,
  qrStore,
} from './commands.js';
import { COLUMNS, layoutPair, wrapText } from './text-layout.js';

export interface EncodeOptions {
  readonly paperWidthMm: 58 | 80;
  /** Marks the receipt 重打 (reprint) at the top, for a job printed again after paper-out. */
  readonly reprint?: boolean;
}

/** Feed before the cut so the last line clears the cutter blade. */
const FEED_BEFORE_CUT = 4;
export const REPRINT_MARK = '重打 REPRINT';

export function encodeText(text: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, 'gb18030'));
}

function textLines(lines: readonly string[]): Uint8Array[] {
  return lines.flatMap((l) => [encodeText(l), Uint8Array.of(LF)]);
}

function encodeBlock(block: ReceiptBlock, columns: number, paperWidthMm: 58 | 80): Uint8Array[] {
  switch (block.kind) {
    case 'line': {
      const { text, align: where = 'left', size = 'normal', bold: isBold = false } = block.line;
      const cols = size === 'double' ? Math.floor(columns / 2) : columns;
      const lines = text.split(/\r?\n/).flatMap((paragraph) => wrapText(paragraph, cols));
      return [align(where), bold(isBold), charSize(size === 'double'), ...textLines(lines), charSize(false), bold(false), align('left')];
    }
    case 'pair':
      return textLines(layoutPair(block.label, block.value, columns));
    case 'rule':
      return textLines(['-'.repeat(columns)]);
    case 'feed':
      return [feedLines(block.lines)];
    case 'qr': {
      // QR payloads are UTF-8 (what phone scanners expect for non-ASCII); usually plain ASCII URLs.
      const data = new TextEncoder().encode(block.payload);
      if (data.length === 0 || data.length > QR_MAX_BYTES) throw new RangeError(`QR payload of ${data.length} bytes; 1..${QR_MAX_BYTES} allowed`);
      const moduleSize = Math.max(1, Math.min(16, block.moduleSize ?? (paperWidthMm === 58 ? 5 : 6)));
      return [align('center'), QR_MODEL_2, qrModuleSize(moduleSize), qrErrorLevel('M'), qrStore(data), QR_PRINT, Uint8Array.of(LF), align('left')];
    }
  }
}

export function encodeReceipt(job: ReceiptJob, opts: EncodeOptions): Uint8Array {
  const columns = COLUMNS[opts.paperWidthMm];
  const parts: Uint8Array[] = [INIT, CHINESE_MODE_ON];
  if (opts.reprint) {
    parts.push(...encodeBlock({ kind: 'line', line: { text: REPRINT_MARK, align: 'center', bold: true, size: 'double' } }, columns, opts.paperWidthMm));
    parts.push(...encodeBlock({ kind: 'rule' }, columns, opts.paperWidthMm));
  }
  for (const block of job.blocks) parts.push(...encodeBlock(block, columns, opts.paperWidthMm));
  parts.push(feedLines(FEED_BEFORE_CUT), FULL_CUT);
  return concat(parts);
}
