// Receipt printer: laying out a typical receipt and encoding it to ESC/POS (GB18030 text, native QR)
// against the time its bytes take on a 115200 baud line. The printer is the slow part by far; this
// shows that rendering never is.
import { wireTimeMs } from '../devices/core/paced-writer.js';
import { encodeReceipt } from '../devices/receipt-printer/index.js';
import type { ReceiptDocument } from '../main/api/receipt.js';
import { layoutReceipt } from '../main/host/receipt-layout.js';
import { percentile, round2, type Bench, type BenchResult } from './types.js';

const BAUD = 115200;

/** A receipt of realistic size: 12 lines of mixed Chinese and ASCII, a tracking QR, a footer. */
export const SAMPLE_RECEIPT: ReceiptDocument = {
  applicationId: 'bench-0001',
  title: '居民身份证换领申请受理回执',
  applicationNumber: 'YC-2026-000123',
  lines: Array.from({ length: 12 }, (_, i) => ({
    label: ['事项名称', '受理部门', '办理方式', '承诺时限', '材料份数', '联系电话'][i % 6]!,
    value: i % 2 === 0 ? '市公安局人口管理支队户政服务中心（Hukou service centre）' : `第 ${i} 项 · 5 个工作日`,
  })),
  qrPayload: 'https://zwfw.example.gov.cn/track?no=YC-2026-000123&t=T-HALL-0001',
  footer: ['请妥善保管本回执', '咨询电话 12345'],
};

async function measure(iterations: number): Promise<BenchResult> {
  const printedAt = new Date('2026-11-22T10:00:00Z');
  let bytes = 0;
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const job = layoutReceipt(SAMPLE_RECEIPT, { terminalId: 'T-HALL-0001', printedAt });
    bytes = encodeReceipt(job, { paperWidthMm: 80 }).length;
    samples.push(performance.now() - t0);
  }
  // The first runs pay for JIT and iconv's table load; the median is what a running kiosk sees.
  samples.sort((a, b) => a - b);
  const median = percentile(samples, 50);
  const wire = wireTimeMs(bytes, BAUD);
  return {
    figures: {
      iterations,
      bytes,
      baud: BAUD,
      wireMs: round2(wire),
      renderEncodeMedianMs: Math.round(median * 1000) / 1000,
      renderEncodeP95Ms: Math.round(percentile(samples, 95) * 1000) / 1000,
    },
    ratio: { name: 'render+encode / wire time', value: Math.round((median / wire) * 10_000) / 10_000, target: '≤ 0.10' },
  };
}

export const benches: Bench[] = [
  {
    name: 'devices: receipt render+encode vs wire @115200',
    run: ({ quick }) => measure(quick ? 20 : 2_000),
  },
];
