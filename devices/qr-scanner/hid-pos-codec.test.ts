import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeReport, encodeReports, HidPosAssembler, type AssemblerOutput, type HidPosErrorCode } from './hid-pos-codec.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A report exactly as the Access-IS manual's example: 64 bytes, `]Q0`, vendor id 's' at 61, flag at 63. */
function manualReport(data: string, more: boolean): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = 0x02;
  r[1] = data.length;
  r.set([0x5d, 0x51, 0x30], 2);
  r.set(bytes(data), 5);
  r[61] = 0x73;
  r[63] = more ? 0x01 : 0x00;
  return r;
}

describe('HID POS report decoding', () => {
  it('reads the layout of the manual example (length, AIM id, data, flag in the last byte)', () => {
    const decoded = decodeReport(manualReport('M1TEST/PASSENGER', true));
    expect(decoded.ok && decoded.report).toEqual({ symbology: 'Q0', data: bytes('M1TEST/PASSENGER'), more: true });
  });

  it('takes zero AIM bytes as an unknown symbology', () => {
    const r = manualReport('12345', false);
    r.set([0, 0, 0], 2);
    const decoded = decodeReport(r);
    expect(decoded.ok && decoded.report.symbology).toBe('');
  });

  it.each<[string, Uint8Array, HidPosErrorCode]>([
    ['empty', new Uint8Array(0), 'empty_report'],
    ['another report id', Uint8Array.of(0x01, 1, 0x5d, 0x51, 0x31, 0x41, 0, 0, 0), 'unexpected_report_id'],
    ['too short', Uint8Array.of(0x02, 0, 0x5d), 'report_too_short'],
    ['length past the end', (() => { const r = manualReport('x', false); r[1] = 57; return r; })(), 'length_exceeds_report'],
    ['garbage AIM id', (() => { const r = manualReport('x', false); r[2] = 0x41; return r; })(), 'bad_symbology_id'],
    ['control char in AIM id', (() => { const r = manualReport('x', false); r[3] = 0x0a; return r; })(), 'bad_symbology_id'],
  ])('rejects %s', (_name, report, code) => {
    const decoded = decodeReport(report);
    expect(decoded.ok ? null : decoded.error.code).toBe(code);
  });
});

describe('HID POS assembler', () => {
  it('joins a three-report payload', () => {
    const payload = 'https://zwfw.example.gov.cn/q?' + 'a'.repeat(100);
    const reports = encodeReports('Q1', bytes(payload));
    expect(reports).toHaveLength(3);
    const a = new HidPosAssembler();
    const out = reports.map((r) => a.push(r));
    expect(out.slice(0, 2).map((o) => o.kind)).toEqual(['partial', 'partial']);
    const last = out[2]!;
    expect(last.kind === 'payload' && { s: last.symbology, t: text(last.data) }).toEqual({ s: 'Q1', t: payload });
    expect(a.pending).toBe(false);
  });

  it('joins the manual example: 56 + 4 bytes', () => {
    const a = new HidPosAssembler();
    expect(a.push(manualReport('x'.repeat(56), true)).kind).toBe('partial');
    const out = a.push(manualReport('tail', false));
    expect(out.kind === 'payload' && out.data.length).toBe(60);
  });

  it('drops a half-gathered payload on a bad report and starts afresh', () => {
    const a = new HidPosAssembler();
    const [first] = encodeReports('Q1', bytes('y'.repeat(120)));
    a.push(first!);
    const bad = a.push(Uint8Array.of(0x02, 99, 0x5d, 0x51, 0x31, 0, 0, 0));
    expect(bad.kind === 'error' && bad.error.code).toBe('length_exceeds_report');
    expect(a.pending).toBe(false);
    const next = a.push(encodeReports('E0', bytes('6901234567892'))[0]!);
    expect(next.kind === 'payload' && [next.symbology, text(next.data)]).toEqual(['E0', '6901234567892']);
  });

  it('refuses a continuation with another symbology', () => {
    const a = new HidPosAssembler();
    a.push(encodeReports('Q1', bytes('z'.repeat(70)))[0]!);
    const out = a.push(encodeReports('C0', bytes('tail'))[0]!);
    expect(out.kind === 'error' && out.error.code).toBe('symbology_changed');
  });

  it('bounds the joined size and swallows the rest of an oversize payload', () => {
    const a = new HidPosAssembler({ maxBytes: 100 });
    const outs = encodeReports('Q1', bytes('w'.repeat(300))).map((r) => a.push(r));
    expect(outs.filter((o) => o.kind === 'error').map((o) => o.kind === 'error' && o.error.code)).toEqual(['payload_too_large']);
    expect(outs.some((o) => o.kind === 'payload')).toBe(false);
    expect(a.pending).toBe(false);
    const ok = a.push(encodeReports('Q1', bytes('fine'))[0]!);
    expect(ok.kind).toBe('payload');
  });

  it('reports an empty final payload', () => {
    const out = new HidPosAssembler().push(encodeReports('Q1', new Uint8Array(0))[0]!);
    expect(out.kind === 'error' && out.error.code).toBe('empty_payload');
  });

  it('never puts payload bytes into error details', () => {
    const a = new HidPosAssembler({ maxBytes: 10 });
    const out = a.push(encodeReports('Q1', bytes('SECRET110101199003071234'))[0]!);
    expect(out.kind === 'error' && out.error.detail).not.toMatch(/SECRET|1101/);
  });
});

const ERROR_CODES: readonly HidPosErrorCode[] = [
  'empty_report',
  'unexpected_report_id',
  'report_too_short',
  'length_exceeds_report',
  'bad_symbology_id',
  'symbology_changed',
  'payload_too_large',
  'empty_payload',
];

function wellFormed(o: AssemblerOutput, max: number): boolean {
  switch (o.kind) {
    case 'partial':
      return o.bytesSoFar >= 0 && o.bytesSoFar <= max;
    case 'payload':
      return o.data.length > 0 && o.data.length <= max && (o.symbology === '' || /^[!-~]{2}$/.test(o.symbology));
    case 'error':
      return ERROR_CODES.includes(o.error.code) && typeof o.error.detail === 'string';
  }
}

describe('HID POS assembler under fuzzing', () => {
  // Reports: random bytes, and real reports with one byte flipped (closer to what a flaky scanner sends).
  const report = fc.oneof(
    fc.uint8Array({ maxLength: 80 }),
    fc
      .tuple(fc.constantFrom('Q1', 'E0', 'C0', ''), fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.nat(), fc.integer({ min: 0, max: 255 }))
      .map(([sym, data, at, value]) => {
        const rs = encodeReports(sym, data);
        const r = rs[at % rs.length]!;
        r[at % r.length] = value;
        return r;
      }),
  );

  it('lets no exception escape and turns every bad report into a typed error', () => {
    fc.assert(
      fc.property(fc.array(report, { maxLength: 20 }), fc.integer({ min: 1, max: 600 }), (reports, max) => {
        const a = new HidPosAssembler({ maxBytes: max });
        for (const r of reports) {
          const out = a.push(r);
          if (!wellFormed(out, max)) return false;
          if (!decodeReport(r).ok && out.kind !== 'error') return false;
        }
        return true;
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reassembles any payload split at any report size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 1000 }), fc.integer({ min: 9, max: 300 }), (data, len) => {
        const a = new HidPosAssembler({ maxBytes: 1000 });
        const outs = encodeReports('Q1', data, len).map((r) => a.push(r));
        const last = outs.at(-1)!;
        return outs.slice(0, -1).every((o) => o.kind === 'partial') && last.kind === 'payload' && Buffer.from(last.data).equals(Buffer.from(data));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
