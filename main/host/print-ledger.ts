// Which applications already have a printed receipt, kept across restarts so a receipt never prints
// twice (the printer driver also refuses a repeated job id, but only for as long as it runs).
// Holds application ids only: client-generated random ids, no personal data.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface PrintLedger {
  has(applicationId: string): boolean;
  add(applicationId: string): void;
}

export function createPrintLedger(path: string): PrintLedger {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const printed = new Set<string>();
  try {
    for (const line of readFileSync(path, 'utf8').split('\n')) if (line.trim()) printed.add(line.trim());
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return {
    has: (id) => printed.has(id),
    add(id) {
      if (printed.has(id)) return;
      printed.add(id);
      appendFileSync(path, id + '\n', { mode: 0o600 });
    },
  };
}
