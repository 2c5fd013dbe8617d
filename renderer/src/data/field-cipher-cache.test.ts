// The plaintext cache of encrypted-storage.ts: what it gives back, to whom, and for how long.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FieldCipherCache } from './field-cipher-cache.js';

const pair = (plaintextJson: string, ciphertext: string, reusable = true) => ({ plaintextJson, ciphertext, reusable });

describe('FieldCipherCache', () => {
  afterEach(() => vi.useRealTimers());

  it('gives a ciphertext back only to the document and field it belongs to', () => {
    const cache = new FieldCipherCache({ maxEntries: 100, maxIdleMs: 1000 });
    cache.remember('applications\u0000a', 'formData', pair('{"phone":"1","address":"x"}', 'ycg1:AAA'));
    expect(cache.ciphertextOf('applications\u0000a', 'formData', { phone: '1', address: 'x' })).toBe('ycg1:AAA');
    // Keys in another order: the same value.
    expect(cache.ciphertextOf('applications\u0000a', 'formData', { address: 'x', phone: '1' })).toBe('ycg1:AAA');
    expect(cache.ciphertextOf('applications\u0000a', 'formData', { phone: '2', address: 'x' })).toBeUndefined();
    expect(cache.ciphertextOf('applications\u0000b', 'formData', { phone: '1', address: 'x' })).toBeUndefined();
    expect(cache.ciphertextOf('applications\u0000a', 'applicant', { phone: '1', address: 'x' })).toBeUndefined();
    expect(cache.plaintextOf('applications\u0000a', 'formData', 'ycg1:AAA')).toBe('{"phone":"1","address":"x"}');
    expect(cache.plaintextOf('applications\u0000a', 'applicant', 'ycg1:AAA')).toBeUndefined();
    expect(cache.plaintextOf('applications\u0000b', 'formData', 'ycg1:AAA')).toBeUndefined();
  });

  it('keeps the last two values of a field (a write carries the new and the previous state)', () => {
    const cache = new FieldCipherCache({ maxEntries: 100, maxIdleMs: 1000 });
    cache.remember('a', 'formData', pair('1', 'ycg1:1'));
    cache.remember('a', 'formData', pair('2', 'ycg1:2'));
    expect(cache.ciphertextOf('a', 'formData', 1)).toBe('ycg1:1');
    expect(cache.ciphertextOf('a', 'formData', 2)).toBe('ycg1:2');
    cache.remember('a', 'formData', pair('3', 'ycg1:3'));
    expect(cache.ciphertextOf('a', 'formData', 1)).toBeUndefined();
    expect(cache.plaintextOf('a', 'formData', 'ycg1:3')).toBe('3');
  });

  it('an old-format decryption is never offered for writing', () => {
    const cache = new FieldCipherCache({ maxEntries: 100, maxIdleMs: 1000 });
    cache.remember('a', 'formData', pair('{"phone":"1"}', 'U2FsdGVkX1abc', false));
    expect(cache.plaintextOf('a', 'formData', 'U2FsdGVkX1abc')).toBe('{"phone":"1"}');
    expect(cache.ciphertextOf('a', 'formData', { phone: '1' })).toBeUndefined();
  });

  it('holds no plaintext after two idle periods, and none after forget()', () => {
    vi.useFakeTimers();
    const cache = new FieldCipherCache({ maxEntries: 100, maxIdleMs: 1000 });
    cache.remember('k', 'formData', pair('{"phone":"1"}', 'ycg1:AAA'));
    vi.advanceTimersByTime(1000);
    // Used again within the period: kept.
    expect(cache.plaintextOf('k', 'formData', 'ycg1:AAA')).toBe('{"phone":"1"}');
    vi.advanceTimersByTime(2000);
    expect(cache.plaintextOf('k', 'formData', 'ycg1:AAA')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    cache.remember('k', 'formData', pair('{"phone":"2"}', 'ycg1:BBB'));
    cache.forget();
    expect(cache.plaintextOf('k', 'formData', 'ycg1:BBB')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('holds at most maxEntries document fields', () => {
    const cache = new FieldCipherCache({ maxEntries: 10, maxIdleMs: 60_000 });
    for (let i = 0; i < 100; i++) cache.remember(`k${i}`, 'formData', pair(`{"n":${i}}`, `ycg1:${i}`));
    expect(cache.size).toBeLessThanOrEqual(10);
    expect(cache.plaintextOf('k99', 'formData', 'ycg1:99')).toBe('{"n":99}');
    expect(cache.plaintextOf('k0', 'formData', 'ycg1:0')).toBeUndefined();
    cache.forget();
  });
});
