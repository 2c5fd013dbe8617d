// Recently used pairs of an encrypted field's ciphertext and its plaintext, for encrypted-storage.ts.
//
// Why: RxDB reads and writes a document many times on its way through replication (the push reads it, the
// replication's own copy of the platform's state is written and read, the acknowledgement is written back,
// and every write's change event carries the new and the previous state). Each of those crossed the
// encryption boundary with a fresh AES-GCM call: about 20 decryptions and 8 encryptions per application in
// a queue flush, most of the terminal's CPU (docs/scaling.md). With this cache a value is decrypted once,
// and a field written again unchanged keeps the ciphertext it already has, instead of being encrypted anew.
//
// Entries are per document and field (the last two values each had: a write carries the new and the previous
// state). What it never does: give one document's ciphertext to another (equal values in two documents still
// look unrelated at rest), offer an old crypto-js ciphertext for writing (those change over when written), or
// hold plaintext long: an entry not used for `maxIdleMs` is gone by `2 × maxIdleMs` at the latest (two
// generations that rotate), at most `maxEntries` are held, and forget() drops everything at once.
import { canonicalJson } from '../../../sync/protocol/application-ownership.js';

export interface FieldCipherCacheOptions {
  readonly maxEntries: number;
  readonly maxIdleMs: number;
}

export const DEFAULT_FIELD_CIPHER_CACHE: FieldCipherCacheOptions = { maxEntries: 16_384, maxIdleMs: 5_000 };

interface Pair {
  readonly ciphertext: string;
  readonly plaintextJson: string;
  /** False for an old-format ciphertext: readable from the cache, never written again. */
  readonly reusable: boolean;
  /** The plaintext with its keys in a fixed order, computed when first needed. */
  canonical?: string;
}

type Timer = ReturnType<typeof setInterval>;
const PAIRS_PER_FIELD = 2;

export class FieldCipherCache {
  private young = new Map<string, Pair[]>();
  private old = new Map<string, Pair[]>();
  private timer: Timer | undefined;

  constructor(private readonly options: FieldCipherCacheOptions = DEFAULT_FIELD_CIPHER_CACHE) {}

  /** The plaintext (JSON) of this document field's ciphertext, if seen recently. */
  plaintextOf(docKey: string, path: string, ciphertext: string): string | undefined {
    return this.get(docKey, path)?.find((p) => p.ciphertext === ciphertext)?.plaintextJson;
  }

  /**
   * The ciphertext this document's field already has for this value, if seen recently. The same value with its
   * keys in another order (PostgreSQL jsonb reorders keys) counts as the same value.
   */
  ciphertextOf(docKey: string, path: string, value: unknown): string | undefined {
    const pairs = this.get(docKey, path)?.filter((p) => p.reusable);
    if (!pairs || pairs.length === 0) return undefined;
    const json = JSON.stringify(value);
    const same = pairs.find((p) => p.plaintextJson === json);
    if (same) return same.ciphertext;
    const canonical = canonicalJson(value);
    return pairs.find((p) => (p.canonical ??= canonicalJson(JSON.parse(p.plaintextJson))) === canonical)?.ciphertext;
  }

  /**
   * Records a pair just produced (encryption) or checked (decryption) for this document's field. `reusable`:
   * false for an old-format ciphertext, which must not be written again as it is.
   */
  remember(docKey: string, path: string, pair: { plaintextJson: string; ciphertext: string; reusable: boolean }): void {
    const key = `${docKey}\u0000${path}`;
    const pairs = (this.get(docKey, path) ?? []).filter((p) => p.ciphertext !== pair.ciphertext);
    this.set(key, [{ ...pair }, ...pairs].slice(0, PAIRS_PER_FIELD));
  }

  /** Drops every plaintext held (session end, database closed). */
  forget(): void {
    this.young = new Map();
    this.old = new Map();
    this.stopTimer();
  }

  /** Document fields held. */
  get size(): number {
    return this.young.size + this.old.size;
  }

  private get(docKey: string, path: string): Pair[] | undefined {
    const key = `${docKey}\u0000${path}`;
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) {
      this.old.delete(key);
      this.set(key, old);
    }
    return old;
  }

  private set(key: string, value: Pair[]): void {
    this.young.set(key, value);
    if (this.young.size >= this.options.maxEntries / 2) this.rotate();
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.rotate(), this.options.maxIdleMs);
      // Node (tests, benches, the chaos terminal): the cache must not keep a process alive.
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  private rotate(): void {
    this.old = this.young;
    this.young = new Map();
    if (this.old.size === 0) this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
