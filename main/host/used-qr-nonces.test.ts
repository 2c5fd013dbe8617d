import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsedQrNonces, MAX_USED_QR_NONCES, USED_QR_NONCES_FILE } from './used-qr-nonces.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-nonces-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const nonce = (i: number) => `nonce-${String(i).padStart(12, '0')}`;

describe('used identity-QR nonces', () => {
  it('refuses a nonce until its time is over, and forgets it after', () => {
    let t = 1_000_000;
    const list = createUsedQrNonces({ dataDir, now: () => new Date(t), log: () => undefined });
    expect(list.claim(nonce(1), t + 60_000)).toBe(true);
    expect(list.claim(nonce(1), t + 60_000)).toBe(false);
    t += 60_001;
    expect(list.claim(nonce(2), t + 60_000)).toBe(true);
    expect(list.size()).toBe(1);
    expect(list.claim(nonce(1), t + 60_000)).toBe(true);
  });

  it('survives a restart; a damaged file starts a new list instead of failing', () => {
    const t = 1_000_000;
    createUsedQrNonces({ dataDir, now: () => new Date(t) }).claim(nonce(1), t + 60_000);
    expect(createUsedQrNonces({ dataDir, now: () => new Date(t) }).claim(nonce(1), t + 60_000)).toBe(false);
    writeFileSync(join(dataDir, USED_QR_NONCES_FILE), '{"nonces": {"x": "y"}}');
    const logged: string[] = [];
    const fresh = createUsedQrNonces({ dataDir, now: () => new Date(t), log: (m) => logged.push(m) });
    expect(fresh.size()).toBe(0);
    expect(logged.join()).toContain('not a valid nonce list');
  });

  it('stays bounded: past the limit the soonest-expiring entries go first', () => {
    const t = 1_000_000;
    const list = createUsedQrNonces({ dataDir, now: () => new Date(t), maxEntries: 10 });
    for (let i = 0; i < 15; i++) expect(list.claim(nonce(i), t + 1_000 + i)).toBe(true);
    expect(list.size()).toBe(10);
    // The latest-expiring are still refused; the soonest were let go.
    expect(list.claim(nonce(14), t + 10_000)).toBe(false);
    expect(list.claim(nonce(0), t + 10_000)).toBe(true);
    expect(MAX_USED_QR_NONCES).toBeGreaterThanOrEqual(1000);
  });
});
