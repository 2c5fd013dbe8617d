import { describe, expect, it } from 'vitest';
import { FakeReceiptPrinter } from './fake.js';

describe('FakeReceiptPrinter', () => {
  it('renders jobs, refuses repeats and follows its status', async () => {
    const fake = new FakeReceiptPrinter('fake', 58);
    const job = { jobId: 'a', blocks: [{ kind: 'line' as const, line: { text: '受理回执' } }, { kind: 'qr' as const, payload: 'Q1' }] };
    expect((await fake.print(job)).ok).toBe(false); // not started
    await fake.start();
    expect(await fake.print(job)).toEqual({ ok: true, value: { jobId: 'a', reprinted: false, alreadyPrinted: false } });
    expect(await fake.print(job)).toEqual({ ok: true, value: { jobId: 'a', reprinted: false, alreadyPrinted: true } });
    expect(fake.receipts()).toEqual([{ text: '受理回执', cut: true, qrPayloads: ['Q1'] }]);
    fake.setStatus({ kind: 'paper_out' });
    const out = await fake.print({ ...job, jobId: 'b' });
    expect(!out.ok && out.error.code).toBe('paper_out');
  });
});
