// Identity-QR replay list: the nonces of codes this terminal has accepted, each kept until its code can no
// longer verify (expiry plus the allowed clock skew). A screenshot of a code that was already used here is
// refused, also after a host restart: the list lives in the data folder. Nonces are random values, not
// personal data; the file holds nothing else.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const USED_QR_NONCES_FILE = 'identity-qr-nonces.json';
/**
 * A bound so a flood of codes cannot grow the file without limit. At most this many codes in one code
 * lifetime (≤ 12 min) is far beyond what one terminal sees; past it the soonest-expiring entries go first.
 */
export const MAX_USED_QR_NONCES = 5000;

const fileSchema = z.object({ nonces: z.record(z.string().regex(/^[A-Za-z0-9_-]{16,64}$/), z.number().int().nonnegative()) }).strict();

export interface UsedQrNonces {
  /**
   * Records a nonce as used until `keepUntilMs`. False when it was already used and is still remembered:
   * the code must be refused.
   */
  claim(nonce: string, keepUntilMs: number): boolean;
  size(): number;
}

export function createUsedQrNonces(opts: {
  readonly dataDir: string;
  readonly now?: () => Date;
  readonly log?: (m: string) => void;
  /** Defaults to MAX_USED_QR_NONCES. */
  readonly maxEntries?: number;
}): UsedQrNonces {
  const file = join(opts.dataDir, USED_QR_NONCES_FILE);
  const max = opts.maxEntries ?? MAX_USED_QR_NONCES;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((m: string) => console.log(`[host] ${m}`));
  const nonces = new Map<string, number>(load());

  function load(): [string, number][] {
    if (!existsSync(file)) return [];
    try {
      return Object.entries(fileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).nonces);
    } catch {
      // A damaged list must not stop identification; codes expire within minutes anyway.
      log(`identity QR: ${USED_QR_NONCES_FILE} is not a valid nonce list; starting a new one`);
      return [];
    }
  }

  function prune(nowMs: number): void {
    for (const [nonce, until] of nonces) if (until <= nowMs) nonces.delete(nonce);
    if (nonces.size < max) return;
    // Room for the one about to be added.
    const soonest = [...nonces].sort((a, b) => a[1] - b[1]).slice(0, nonces.size - max + 1);
    for (const [nonce] of soonest) nonces.delete(nonce);
  }

  function save(): void {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ nonces: Object.fromEntries(nonces) })}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }

  return {
    claim(nonce, keepUntilMs) {
      const nowMs = now().getTime();
      prune(nowMs);
      if (nonces.has(nonce)) return false;
      nonces.set(nonce, keepUntilMs);
      // Durable before the person is let in: a crash right after must not forget the code.
      save();
      return true;
    },
    size: () => nonces.size,
  };
}
