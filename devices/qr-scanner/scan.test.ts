import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ScanEvent } from '../../main/api/devices.js';
import { makeScan, splitAimPrefix, toScanEvent, validateScanPayload, validateScanText, type Scan } from './scan.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const code = (r: ReturnType<typeof validateScanPayload>) => (r.ok ? 'ok' : r.error.code);

describe('scan payload validation', () => {
  it('accepts UTF-8 text, Chinese included', () => {
    const r = validateScanPayload(bytes('https://zwfw.example.gov.cn/预约?号=A023'));
    expect(r.ok && r.value).toBe('https://zwfw.example.gov.cn/预约?号=A023');
  });

  it('refuses empty and oversize payloads (limit configurable)', () => {
    expect(code(validateScanPayload(new Uint8Array(0)))).toBe('scan_empty');
    expect(code(validateScanPayload(new Uint8Array(4097).fill(0x41)))).toBe('scan_too_large');
    expect(code(validateScanPayload(new Uint8Array(4096).fill(0x41)))).toBe('ok');
    expect(code(validateScanPayload(bytes('12345'), { maxBytes: 4 }))).toBe('scan_too_large');
  });

  it.each([
    ['NUL', '\u0000'],
    ['ESC (terminal escapes)', '\u001b[31m'],
    ['CR inside', 'a\rb'],
    ['TAB', '\t'],
    ['DEL', '\u007f'],
    ['C1 CSI', '\u009b'],
    ['right-to-left override', '\u202e'],
    ['bidi isolate', '\u2066'],
  ])('refuses %s', (_name, bad) => {
    expect(code(validateScanPayload(bytes(`abc${bad}def`)))).toBe('scan_control_chars');
  });

  it('lets a site allow GS (0x1D) for GS1 codes, and nothing else', () => {
    expect(code(validateScanPayload(bytes('0106901234567892\u001d10ABC'), { allowedControls: [0x1d] }))).toBe('ok');
    expect(code(validateScanPayload(bytes('01\u001e'), { allowedControls: [0x1d] }))).toBe('scan_control_chars');
  });

  it('refuses invalid UTF-8 and says when it is GB18030', () => {
    const gbk = Uint8Array.of(0xd6, 0xd0, 0xce, 0xc4); // 中文 in GB18030
    const r = validateScanPayload(gbk);
    expect(r.ok ? null : [r.error.code, r.error.detail]).toEqual(['scan_invalid_encoding', expect.stringContaining('GB18030')]);
    expect(code(validateScanPayload(Uint8Array.of(0x41, 0xff, 0xfe)))).toBe('scan_invalid_encoding');
    expect(code(validateScanPayload(Uint8Array.of(0xed, 0xa0, 0x80)))).toBe('scan_invalid_encoding'); // UTF-16 surrogate
  });

  it('keeps payload contents out of the detail and speaks both languages', () => {
    const r = validateScanPayload(bytes('110101199003071234\u0007'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.detail).not.toContain('1101');
    expect(r.error.detail).toContain('U+0007');
    expect(r.error.message.zh).toMatch(/请重新扫描/);
    expect(r.error.message.en).toMatch(/scan again/);
  });

  it('checks text from a keyboard wedge the same way', () => {
    expect(validateScanText('ABC123').ok).toBe(true);
    expect(validateScanText('A\u0000').ok).toBe(false);
  });
});

describe('AIM prefix and scan events', () => {
  it('splits ]Q1 off and leaves unprefixed data alone', () => {
    const split = splitAimPrefix(bytes(']Q1hello'));
    expect([split.symbology, new TextDecoder().decode(split.payload)]).toEqual(['Q1', 'hello']);
    expect(splitAimPrefix(bytes('hello')).symbology).toBe('');
    expect(splitAimPrefix(bytes(']Q')).symbology).toBe('');
  });

  it('builds a scan with a private copy of the bytes', () => {
    const raw = bytes('6901234567892');
    const r = makeScan('serial', 'E0', raw);
    raw[0] = 0x30;
    expect(r.ok && [r.value.text, r.value.raw[0]]).toEqual(['6901234567892', 0x36]);
  });

  it('is a main/api ScanEvent, and leaves its raw bytes behind when sent on', () => {
    expectTypeOf<Scan>().toMatchTypeOf<ScanEvent>();
    const r = makeScan('hid-pos', 'Q1', bytes('x'));
    const event: ScanEvent | false = r.ok && toScanEvent(r.value);
    expect(event).toEqual({ source: 'hid-pos', symbology: 'Q1', text: 'x' });
  });
});
