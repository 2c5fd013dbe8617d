// The plaintext cache of encrypted-storage.ts: what it gives back, to whom, and for how long.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FieldCipherCache } from './field-cipher-cache.js';

const pair = (plaintextJson: string, ciphertext: string) => ({ plaintextJson, canonicalJson: plaintextJson, ciphertext });

describe('FieldCipherCache', () => {
  afterEach(() => vi.useRealTimers());

  it('gives a ciphertext back only to the document and field it belongs to', () => {
    const cache = new FieldCipherCache({ maxEntries: 100, maxIdleMs: 1000 });
    cache.remember('applications\u0000a', 'formData', pair('{"phone":"1"}', 'ycg1:AAA'));
    expect(cache.ciphertextOf('applications\u0000a', 'formData', '{"phone":"1"}')).toBe('ycg1:AAA');
    expect(cache.ciphertextOf('applications\u0000b', 'formData', '{"phone":"1"}')).toBeUndefined();
    expect(cache.ciphertextOf('applications\u0000a', 'applicant', '{"phone":"1"}')).toBeUndefined();
    expect(cache.plaintextOf('formData', 'ycg1:AAA')).toBe('{"phone":"1"}');
    expect(cache.plaintextOf('applicant', 'ycg1:AAA')).toBeUndefined();
  });

  it('an old-format decryption is never offered for writing', () => {
    const cache = new FieldCipherCache({ maxEntries: 100, maxIdleMs: 1000 });
    cache.rememberDecryptionOnly('formData', 'U2FsdGVkX1abc', '{"phone":"1"}');
    expect(cache.plaintextOf('formData', 'U2FsdGVkX1abc')).toBe('{"phone":"1"}');
    expect(cache.ciphertextOf('applications\u0000a', 'formData', '{"phone":"1"}')).toBeUndefined();
  });

  it('holds no plaintext after two idle periods, and none after forget()', () => {
    vi.useFakeTimers();
    const cache = new FieldCipherCache({ maxEntries: 100, maxIdleMs: 1000 });
    cache.remember('k', 'formData', pair('{"phone":"1"}', 'ycg1:AAA'));
    vi.advanceTimersByTime(1000);
    // Used again within the period: kept.
    expect(cache.plaintextOf('formData', 'ycg1:AAA')).toBe('{"phone":"1"}');
    vi.advanceTimersByTime(2000);
    expect(cache.plaintextOf('formData', 'ycg1:AAA')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    cache.remember('k', 'formData', pair('{"phone":"2"}', 'ycg1:BBB'));
    cache.forget();
    expect(cache.plaintextOf('formData', 'ycg1:BBB')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('holds at most maxEntries', () => {
    const cache = new FieldCipherCache({ maxEntries: 10, maxIdleMs: 60_000 });
    for (let i = 0; i < 100; i++) cache.remember(`k${i}`, 'formData', pair(`{"n":${i}}`, `ycg1:${i}`));
    expect(cache.size).toBeLessThanOrEqual(10);
    expect(cache.plaintextOf('formData', 'ycg1:99')).toBe('{"n":99}');
    expect(cache.plaintextOf('formData', 'ycg1:0')).toBeUndefined();
    cache.forget();
  });
});
