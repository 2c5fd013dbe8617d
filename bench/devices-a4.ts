// A4 documents: time to lay out and render each kind to PDF with the embedded CJK subset (pdfkit). A
// figure to watch, no ratio: a citizen waits for this before the printer even starts.
import type { A4DocumentRequest } from '../main/api/a4.js';
import { renderA4Document } from '../main/printing/a4-documents.js';
import { resolveCjkFont } from '../main/printing/cjk-font.js';
import { percentile, round2, type Bench, type BenchResult } from './types.js';

const DOCS: readonly A4DocumentRequest[] = [
  {
    kind: 'application_form',
    applicationId: 'bench-a4-1',
    applicationNumber: 'SQ20261122000042',
    title: '居住证申领',
    sections: Array.from({ length: 3 }, (_, s) => ({
      heading: `第 ${s + 1} 部分`,
      fields: Array.from({ length: 8 }, (_, i) => ({ label: `字段 ${i + 1}`, value: '北京市东城区测试街道一号院 2 单元 301 室（示例）' })),
    })),
  },
  { kind: 'receipt', applicationId: 'bench-a4-2', applicationNumber: 'SQ1', title: '受理回执', lines: [{ label: '事项', value: '居住证申领' }], qrPayload: 'https://zwfw.example.gov.cn/p?no=SQ1', footer: ['请妥善保管'] },
  { kind: 'commitment', applicationId: 'bench-a4-3', applicationNumber: 'SQ1', title: '居住证申领', applicantName: '测试李四', applicantIdNumber: '1101**********8015' },
];

async function measure(rounds: number): Promise<BenchResult> {
  const font = resolveCjkFont();
  if (!font.ok) throw new Error(font.error.detail ?? font.error.code);
  const figures: Record<string, number> = { rounds };
  for (const req of DOCS) {
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      bytes = (await renderA4Document(req, { font: font.value, terminalId: 'T-1', printedAt: new Date('2026-11-22T10:00:00Z') })).pdf.length;
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    figures[`${req.kind}MedianMs`] = round2(percentile(samples, 50));
    figures[`${req.kind}Bytes`] = bytes;
  }
  return { figures };
}

export const benches: Bench[] = [{ name: 'printing: A4 PDF render with CJK subset', run: ({ quick }) => measure(quick ? 2 : 20) }];
