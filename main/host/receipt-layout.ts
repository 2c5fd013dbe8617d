// ReceiptDocument (what the renderer wants said) → ReceiptJob (how the printer lays it out).
import type { ReceiptBlock, ReceiptJob } from '../../devices/receipt-printer/printer.js';
import type { ReceiptDocument } from '../api/receipt.js';

export interface ReceiptLayoutContext {
  readonly terminalId: string;
  readonly printedAt: Date;
}

/** The job id is the application id: the printer prints a job id at most once. */
export function layoutReceipt(doc: ReceiptDocument, ctx: ReceiptLayoutContext): ReceiptJob {
  const blocks: ReceiptBlock[] = [
    { kind: 'line', line: { text: doc.title, align: 'center', size: 'double', bold: true } },
    { kind: 'feed', lines: 1 },
    { kind: 'pair', label: '申请编号', value: doc.applicationNumber },
    { kind: 'rule' },
    ...doc.lines.map((l): ReceiptBlock => ({ kind: 'pair', label: l.label, value: l.value })),
    { kind: 'rule' },
  ];
  if (doc.qrPayload.length > 0) {
    blocks.push({ kind: 'line', line: { text: '扫码查询办理进度', align: 'center' } });
    blocks.push({ kind: 'qr', payload: doc.qrPayload, moduleSize: 6 });
  }
  for (const text of doc.footer) blocks.push({ kind: 'line', line: { text, align: 'center' } });
  blocks.push({
    kind: 'line',
    line: { text: `${formatLocalTime(ctx.printedAt)}  ${ctx.terminalId}`, align: 'center' },
  });
  blocks.push({ kind: 'feed', lines: 3 });
  return { jobId: doc.applicationId, blocks };
}

/** YYYY-MM-DD HH:mm in the terminal's local time zone. */
export function formatLocalTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
