import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineFramer, type FramerOutput, type ScanSuffix } from './line-framer.js';
import { encodeScanLine } from './simulator.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);
const enc = (s: string) => new TextEncoder().encode(s);
const lines = (outs: FramerOutput[]) => outs.map((o) => (o.kind === 'line' ? new TextDecoder().decode(o.bytes) : `<overflow ${o.size}>`));

describe('scan line framing', () => {
  it.each<[ScanSuffix, string]>([
    ['CR', 'one\rtwo\r'],
    ['LF', 'one\ntwo\n'],
    ['CRLF', 'one\r\ntwo\r\n'],
    [{ byte: 0x03 }, 'one\u0003two\u0003'],
  ])('splits on %j', (suffix, input) => {
    expect(lines(new LineFramer(suffix, 100).push(enc(input)))).toEqual(['one', 'two']);
  });

  it('joins lines split across chunks at any point', () => {
    const f = new LineFramer('CRLF', 100);
    const out = [...'abc\r', '\nde', 'f\r\n'].flatMap((c) => f.push(enc(c)));
    expect(lines(out)).toEqual(['abc', 'def']);
  });

  it('tolerates a CRLF scanner when set to CR or LF, and skips empty lines', () => {
    expect(lines(new LineFramer('CR', 100).push(enc('one\r\ntwo\r\n\r')))).toEqual(['one', 'two']);
    expect(lines(new LineFramer('LF', 100).push(enc('one\r\ntwo\n\n')))).toEqual(['one', 'two']);
  });

  it('keeps a CR inside a custom-suffix line (validation refuses it later)', () => {
    expect(lines(new LineFramer({ byte: 0x09 }, 100).push(enc('a\rb\t')))).toEqual(['a\rb']);
  });

  it('refuses an overlong line whole and recovers at the next suffix, holding no more than the limit', () => {
    const f = new LineFramer('CR', 8);
    expect(lines(f.push(enc('0123456789ABCDEF\rshort\r')))).toEqual(['<overflow 16>', 'short']);
    expect(lines(f.push(enc('exactly8\r')))).toEqual(['exactly8']);
  });

  it('discards a partial line on request', () => {
    const f = new LineFramer('CR', 100);
    f.push(enc('half'));
    expect(f.pending).toBe(true);
    expect(f.discardPartial()).toBe(4);
    expect(lines(f.push(enc('whole\r')))).toEqual(['whole']);
  });

  it('round-trips any suffix-free lines in any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 30, unit: fc.constantFrom('a', 'Z', '9', '中', ']', ' ') }), { maxLength: 8 }),
        fc.constantFrom<ScanSuffix>('CR', 'LF', 'CRLF'),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        (texts, suffix, cuts) => {
          const all = Buffer.concat(texts.map((t) => encodeScanLine(t, undefined, suffix)));
          const f = new LineFramer(suffix, 200);
          const outs: FramerOutput[] = [];
          for (let at = 0, i = 0; at < all.length; i++) {
            const n = cuts[i % cuts.length]!;
            outs.push(...f.push(all.subarray(at, at + n)));
            at += n;
          }
          expect(lines(outs)).toEqual(texts);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
