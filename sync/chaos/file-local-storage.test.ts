import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLocalStorage } from './file-local-storage.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const file = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'fls-'));
  dirs.push(d);
  return join(d, 'store.log');
};

describe('FileLocalStorage', () => {
  it('keeps what was written before the next microtask, across a reopen without close (as after kill -9)', async () => {
    const path = file();
    const s = new FileLocalStorage(path);
    s.setItem('a', '1');
    s.setItem('b', '2');
    s.removeItem('a');
    await Promise.resolve();
    const again = new FileLocalStorage(path);
    expect(again.getItem('a')).toBeNull();
    expect(again.getItem('b')).toBe('2');
  });

  it('ignores a torn last line (a write that never resolved)', async () => {
    const path = file();
    const s = new FileLocalStorage(path);
    s.setItem('kept', 'yes');
    await Promise.resolve();
    appendFileSync(path, '[["torn","val');
    const again = new FileLocalStorage(path);
    expect(again.getItem('kept')).toBe('yes');
    expect(again.getItem('torn')).toBeNull();
  });
});
