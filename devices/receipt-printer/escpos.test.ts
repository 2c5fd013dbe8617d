import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeReceipt, REPRINT_MARK } from './escpos-encoder.js';
import { EscPosParser, renderEscPos } from './escpos-parser.js';
import type { ReceiptJob } from './printer.js';
import { conditionToStatus, decodeStatusReply, encodeStatusReply, OK_CONDITION } from './status.js';
import { alignTo, layoutPair, textWidth, wrapText } from './text-layout.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 2_000);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const JOB: ReceiptJob = {
  jobId: 'job-1',
  blocks: [
    { kind: 'line', line: { text: '一窗政务服务受理回执', align: 'center', size: 'double', bold: true } },
    { kind: 'rule' },
    { kind: 'pair', label: '受理编号', value: 'YC-2026-000123' },
    { kind: 'pair', label: '办理事项', value: '社会保障卡申领（补换）与城乡居民基本养老保险参保登记' },
    { kind: 'line', line: { text: 'Please keep this receipt. 请妥善保管本回执，凭回执查询办理进度。' } },
    { kind: 'qr', payload: 'https://zwfw.example.gov.cn/q?id=YC-2026-000123' },
    { kind: 'feed', lines: 1 },
  ],
};

describe('text layout', () => {
  it('counts two columns per CJK character and one per ASCII character', () => {
    expect(textWidth('受理编号 A1')).toBe(11);
    expect(textWidth('（）：')).toBe(6);
  });

  it('wraps Chinese and mixed text within 32 and 48 columns, losing nothing', () => {
    const text = '请携带本人居民身份证原件，于2026年12月1日前到政务服务中心3号窗口领取社会保障卡。Questions: call 12345.';
    for (const cols of [32, 48]) {
      const lines = wrapText(text, cols);
      for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(cols);
      expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
      for (const l of lines.slice(1)) expect(l[0]).not.toMatch(/[，。：]/);
    }
  });

  it('keeps a Latin word whole when it fits on the next line', () => {
    expect(wrapText('受理编号 YC-2026-000123', 16)).toEqual(['受理编号', 'YC-2026-000123']);
  });

  it('lays a pair on one line when it fits, else hangs the value under itself', () => {
    expect(layoutPair('受理编号', 'YC-1', 32)).toEqual(['受理编号                    YC-1']);
    const lines = layoutPair('办理事项', '社会保障卡申领（补换）与城乡居民基本养老保险参保登记', 32);
    expect(lines[0]!.startsWith('办理事项 社会保障卡')).toBe(true);
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(32);
    for (const l of lines.slice(1)) expect(l.startsWith(' '.repeat(9))).toBe(true);
    expect(alignTo('中文', 10, 'right')).toBe('      中文');
  });

  it('never exceeds the column count, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'中文字，。ab c1-2（）：Ω')}), fc.constantFrom(16, 32, 48), (text, cols) => {
        for (const l of wrapText(text, cols)) expect(textWidth(l)).toBeLessThanOrEqual(cols);
        for (const l of layoutPair('标签', text, cols)) expect(textWidth(l)).toBeLessThanOrEqual(cols);
      }),
      { numRuns: Math.min(FUZZ_RUNS, 500) },
    );
  });
});

describe('ESC/POS encoder', () => {
  it('starts with init and Chinese mode, ends with a cut, and sends the QR exactly as devices.md', () => {
    const bytes = hex(encodeReceipt(JOB, { paperWidthMm: 80 }));
    expect(bytes.startsWith('1b40' + '1c26')).toBe(true);
    expect(bytes.endsWith('1d5600')).toBe(true);
    const payload = 'https://zwfw.example.gov.cn/q?id=YC-2026-000123';
    const p = payload.length + 3;
    expect(bytes).toContain('1d286b040031413200' + '1d286b0300314306' + '1d286b0300314531');
    expect(bytes).toContain('1d286b' + hex(Uint8Array.of(p & 0xff, p >> 8)) + '315030' + hex(new TextEncoder().encode(payload)));
    expect(bytes).toContain('1d286b0300315130');
  });

  it('encodes Chinese text as GB18030', () => {
    const bytes = hex(encodeReceipt({ jobId: 'x', blocks: [{ kind: 'line', line: { text: '中文' } }] }, { paperWidthMm: 58 }));
    expect(bytes).toContain('d6d0cec40a'); // 中文 LF in GB18030
  });

  it('marks a reprint 重打 at the top', () => {
    const [receipt] = renderEscPos(encodeReceipt(JOB, { paperWidthMm: 58, reprint: true }));
    expect(receipt!.text.split('\n')[0]).toContain(REPRINT_MARK);
  });
});

describe('ESC/POS parser', () => {
  it('round-trips a receipt with Chinese lines, pairs and a QR at both widths', () => {
    for (const width of [58, 80] as const) {
      const [receipt, extra] = renderEscPos(encodeReceipt(JOB, { paperWidthMm: width }));
      expect(extra).toBeUndefined();
      expect(receipt!.cut).toBe(true);
      expect(receipt!.qrPayloads).toEqual(['https://zwfw.example.gov.cn/q?id=YC-2026-000123']);
      // Double size halves the columns: at 58 mm the 20-column title wraps onto two lines.
      expect(receipt!.text.replace(/\s+/g, '')).toContain('一窗政务服务受理回执');
      expect(receipt!.text).toMatch(/受理编号 +YC-2026-000123/);
      expect(receipt!.text.replace(/\s+/g, '')).toContain('社会保障卡申领（补换）与城乡居民基本养老保险参保登记');
      const cols = width === 58 ? 32 : 48;
      for (const line of receipt!.text.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(cols);
    }
  });

  it('gives the same result however the stream is chunked', () => {
    const bytes = encodeReceipt(JOB, { paperWidthMm: 80 });
    const whole = renderEscPos(bytes);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 20 }), (cuts) => {
        const parser = new EscPosParser();
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        let prev = 0;
        const events = [];
        for (const p of [...points, bytes.length]) {
          events.push(...parser.push(bytes.subarray(prev, p)));
          prev = p;
        }
        const lines = events.flatMap((e) => (e.kind === 'line' ? [e.text] : []));
        expect(lines.join('\n')).toContain(whole[0]!.text.split('\n')[0]);
        expect(events.filter((e) => e.kind === 'qr')).toHaveLength(1);
        expect(events.filter((e) => e.kind === 'cut')).toHaveLength(1);
      }),
      { numRuns: Math.min(FUZZ_RUNS, 300) },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const parser = new EscPosParser();
        parser.push(bytes);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reports status requests in the stream', () => {
    const events = new EscPosParser().push(Uint8Array.of(0x10, 0x04, 0x02, 0x1d, 0x72, 0x01, 0x10, 0x05, 0x02));
    expect(events).toEqual([
      { kind: 'realtime-status', n: 2 },
      { kind: 'transmit-status', n: 1 },
      { kind: 'realtime-recover', n: 2 },
    ]);
  });
});

describe('DLE EOT status', () => {
  it('decodes the common replies: 12 ok, 1E low, 72 out', () => {
    expect(decodeStatusReply(4, 0x12)).toEqual({ ok: true, value: { paperNearEnd: false, paperOut: false } });
    expect(decodeStatusReply(4, 0x1e)).toEqual({ ok: true, value: { paperNearEnd: true, paperOut: false } });
    expect(decodeStatusReply(4, 0x72)).toEqual({ ok: true, value: { paperNearEnd: false, paperOut: true } });
    expect(decodeStatusReply(1, 0x00).ok).toBe(false);
  });

  it('maps every condition to a status, worst first', () => {
    expect(conditionToStatus(OK_CONDITION)).toEqual({ kind: 'ready' });
    expect(conditionToStatus({ ...OK_CONDITION, offline: true })).toEqual({ kind: 'offline' });
    expect(conditionToStatus({ ...OK_CONDITION, offline: true, coverOpen: true })).toEqual({ kind: 'cover_open' });
    expect(conditionToStatus({ ...OK_CONDITION, paperNearEnd: true })).toEqual({ kind: 'paper_near_end' });
    expect(conditionToStatus({ ...OK_CONDITION, paperNearEnd: true, paperOut: true, offline: true })).toEqual({ kind: 'paper_out' });
    expect(conditionToStatus({ ...OK_CONDITION, cutterError: true })).toMatchObject({ kind: 'error', code: 'cutter_error' });
    expect(conditionToStatus({ ...OK_CONDITION, unrecoverable: true, cutterError: true })).toMatchObject({ kind: 'error', code: 'unrecoverable' });
  });

  it('round-trips every condition bit through encode and decode', () => {
    const keys = Object.keys(OK_CONDITION) as (keyof typeof OK_CONDITION)[];
    for (const key of keys) {
      const condition = { ...OK_CONDITION, [key]: true };
      const decoded = Object.assign({}, ...([1, 2, 3, 4] as const).map((n) => {
        const r = decodeStatusReply(n, encodeStatusReply(n, condition));
        return r.ok ? r.value : {};
      }));
      expect(decoded[key], key).toBe(true);
    }
  });
});
