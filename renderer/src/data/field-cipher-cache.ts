// Recently used pairs of an encrypted field's ciphertext and its plaintext, for encrypted-storage.ts.
//
// Why: RxDB reads and writes a document many times on its way through replication (the push reads it, the
// replication's own copy of the platform's state is written and read, the acknowledgement is written back,
// and every write's change event carries the new and the previous state). Each of those crossed the
// encryption boundary with a fresh AES-GCM call: about 20 decryptions and 8 encryptions per application in
// a queue flush, most of the terminal's CPU (docs/scaling.md). With this cache a value is decrypted once,
// and a field written again unchanged keeps the ciphertext it already has, instead of being encrypted anew.
//
// What it never does: give one document's ciphertext to another (the encryption side is keyed by document
// and field, so equal values in two documents still look unrelated at rest), turn an old crypto-js value
// into the current format's cache (the caller only learns pairs of the current format), or hold plaintext
// long: an entry not used for `maxIdleMs` is gone by `2 × maxIdleMs` at the latest (two generations that
// rotate), at most `maxEntries` are held, and forget() drops everything at once.

export interface FieldCipherCacheOptions {
  readonly maxEntries: number;
  readonly maxIdleMs: number;
}

export const DEFAULT_FIELD_CIPHER_CACHE: FieldCipherCacheOptions = { maxEntries: 16_384, maxIdleMs: 5_000 };

type Timer = ReturnType<typeof setInterval>;

export class FieldCipherCache {
  private young = new Map<string, string>();
  private old = new Map<string, string>();
  private timer: Timer | undefined;

  constructor(private readonly options: FieldCipherCacheOptions = DEFAULT_FIELD_CIPHER_CACHE) {}

  /** The plaintext (JSON) of a ciphertext of this field, if it was seen recently. */
  plaintextOf(path: string, ciphertext: string): string | undefined {
    return this.get(`d\u0000${path}\u0000${ciphertext}`);
  }

  /**
   * The ciphertext this document's field already has for this value, if seen recently. `canonicalJson`: the
   * value with its keys in a fixed order, so a value that came back from the platform in another key order
   * (PostgreSQL jsonb reorders keys) is still recognised as unchanged.
   */
  ciphertextOf(docKey: string, path: string, canonicalJson: string): string | undefined {
    return this.get(`e\u0000${docKey}\u0000${path}\u0000${canonicalJson}`);
  }

  /** Records a pair just produced (encryption) or checked (decryption) for this document's field. */
  remember(docKey: string, path: string, pair: { plaintextJson: string; canonicalJson: string; ciphertext: string }): void {
    this.set(`d\u0000${path}\u0000${pair.ciphertext}`, pair.plaintextJson);
    this.set(`e\u0000${docKey}\u0000${path}\u0000${pair.canonicalJson}`, pair.ciphertext);
  }

  /** Records a decryption whose ciphertext must not be reused for writing (an old format). */
  rememberDecryptionOnly(path: string, ciphertext: string, plaintextJson: string): void {
    this.set(`d\u0000${path}\u0000${ciphertext}`, plaintextJson);
  }

  /** Drops every plaintext held (session end, database closed). */
  forget(): void {
    this.young = new Map();
    this.old = new Map();
    this.stopTimer();
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private get(key: string): string | undefined {
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) {
      this.old.delete(key);
      this.set(key, old);
    }
    return old;
  }

  private set(key: string, value: string): void {
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
