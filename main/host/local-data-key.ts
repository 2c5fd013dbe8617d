// The password RxDB uses to encrypt personal fields at rest. Generated once per terminal, kept in
// dataDir/local-data.key (mode 0600), and reused on every boot: losing it makes stored data unreadable,
// so a damaged key file is an error, never silently replaced.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCAL_DATA_KEY_FILE = 'local-data.key';
const KEY_PATTERN = /^[0-9a-f]{64}$/;

export function loadOrCreateLocalDataKey(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCAL_DATA_KEY_FILE);
  try {
    // 'wx': fails if the file exists, so two starts racing cannot both write a key.
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = readFileSync(path, 'utf8').trim();
  if (!KEY_PATTERN.test(key)) {
    throw new Error(
      `${path} is damaged (expected 64 hex characters); restore it from backup — it is not replaced automatically`,
    );
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return key;
}
