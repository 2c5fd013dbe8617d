// Personal fields encrypted at rest (the schema's `encrypted` paths) with AES-256-GCM through Web Crypto,
// as an RxDB storage wrapper built from RxDB's own free-tier helper (wrapRxStorageInstance), the same way
// RxDB's crypto-js plugin is built.
//
// Why not the crypto-js plugin any more: it derives a key from the password (EvpKDF/MD5) on every field it
// encrypts or decrypts and runs AES in JavaScript, about 0.5 ms per field; a queue flush after an outage
// encrypts and decrypts every application several times (its write-back and the replication's own copies),
// so the terminal spent more than half its time in crypto-js (docs/scaling.md). Here the key is derived once
// (HKDF-SHA256 from the host's 256-bit localDataKey) and each field is one native AES-GCM call, which also
// authenticates it (a changed ciphertext fails to decrypt instead of decrypting to garbage).
//
// Stored format of an encrypted field: `ycg1:` + base64(12-byte random IV ‖ ciphertext ‖ 16-byte tag), the
// field's path as additional data. Databases written by the crypto-js plugin stay readable: a value without
// the prefix is crypto-js output (base64 "Salted__…") and is decrypted with crypto-js, with the same password;
// every write stores the new format, so old records change over as they are written again.
import {
  getPrimaryFieldOfPrimaryKey,
  hasEncryption,
  newRxError,
  wrapRxStorageInstance,
  type EventBulk,
  type RxDocumentData,
  type RxStorage,
  type RxStorageChangeEvent,
} from 'rxdb';
import { BehaviorSubject, concatMap, filter, firstValueFrom, Observable, tap } from 'rxjs';
import { decryptString as decryptCryptoJs } from 'rxdb/plugins/encryption-crypto-js';
import { arrayBufferToBase64, base64ToArrayBuffer, clone, flatClone, getProperty, setProperty } from 'rxdb/plugins/utils';
import { FieldCipherCache } from './field-cipher-cache.js';

export const FIELD_CIPHER_PREFIX = 'ycg1:';
const MINIMUM_PASSWORD_LENGTH = 8;
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Web Crypto's CryptoKey, named so that both the DOM and the Node type libraries accept it. */
type FieldKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.deriveKey>>;

/** The AES-GCM key for a password: HKDF-SHA256, fixed salt and purpose label (the password is a random key). */
export async function fieldKey(password: string): Promise<FieldKey> {
  const subtle = globalThis.crypto.subtle;
  const material = await subtle.importKey('raw', encoder.encode(password), 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('yichuang local data'), info: encoder.encode('rxdb fields AES-256-GCM v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function encryptField(key: FieldKey, path: string, value: unknown): Promise<string> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(path) },
    key,
    encoder.encode(JSON.stringify(value)),
  );
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return FIELD_CIPHER_PREFIX + arrayBufferToBase64(out.buffer);
}

export async function decryptField(key: FieldKey, password: string, path: string, stored: unknown): Promise<unknown> {
  if (typeof stored !== 'string') throw newRxError('SNH', { args: { path } });
  if (!stored.startsWith(FIELD_CIPHER_PREFIX)) return JSON.parse(decryptCryptoJs(stored, password)) as unknown;
  const bytes = new Uint8Array(base64ToArrayBuffer(stored.slice(FIELD_CIPHER_PREFIX.length)));
  const plain = await globalThis.crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(path) },
    key,
    bytes.subarray(IV_BYTES),
  );
  return JSON.parse(decoder.decode(plain)) as unknown;
}

/** An RxDB storage whose schema `encrypted` fields are stored as AES-GCM ciphertext. */
export type FieldEncryptedStorage = RxStorage<unknown, unknown> & {
  /**
   * Drops the plaintext of recently used fields that this storage keeps for a few seconds so that a document
   * is not decrypted and encrypted again on every step of replication (field-cipher-cache.ts).
   */
  forgetPlaintext(): void;
};

/** Wraps an RxDB storage so the schema's `encrypted` fields are stored as AES-GCM ciphertext. */
export function fieldEncryptedStorage(args: { storage: RxStorage<unknown, unknown>; cache?: FieldCipherCache }): FieldEncryptedStorage {
  const keys = new Map<string, Promise<FieldKey>>();
  const cache = args.cache ?? new FieldCipherCache();
  return Object.assign({}, args.storage, {
    forgetPlaintext: () => cache.forget(),
    async createStorageInstance(params: Parameters<RxStorage<unknown, unknown>['createStorageInstance']>[0]) {
      if (params.password !== undefined && (typeof params.password !== 'string' || params.password.length < MINIMUM_PASSWORD_LENGTH)) {
        throw newRxError('EN2', { minPassLength: MINIMUM_PASSWORD_LENGTH });
      }
      if (!hasEncryption(params.schema)) return args.storage.createStorageInstance(params);
      if (typeof params.password !== 'string') {
        throw newRxError('EN3', { database: params.databaseName, collection: params.collectionName, schema: params.schema });
      }
      if (params.schema.attachments?.encrypted) {
        throw new Error(`${params.collectionName}: encrypted attachments are not supported by this storage`);
      }
      const password = params.password;
      const paths = [...(params.schema.encrypted ?? [])];
      let keyPromise = keys.get(password);
      if (!keyPromise) {
        keyPromise = fieldKey(password);
        keys.set(password, keyPromise);
      }
      const key = await keyPromise;

      // Underneath, an encrypted field is just a string.
      const stored = clone(params.schema) as typeof params.schema & { encrypted?: string[] };
      delete stored.encrypted;
      for (const path of paths) {
        const parts = path.split('.');
        let level = stored as unknown as { properties: Record<string, unknown> };
        for (const part of parts.slice(0, -1)) level = level.properties[part] as typeof level;
        level.properties[parts[parts.length - 1]!] = { type: 'string' };
      }
      const instance = await args.storage.createStorageInstance({ ...params, schema: stored });

      const copy = <T>(doc: RxDocumentData<T>): RxDocumentData<T> => {
        const attachments = doc._attachments;
        const plain: Partial<RxDocumentData<T>> = flatClone(doc);
        delete plain._attachments;
        const cloned = clone(plain as RxDocumentData<T>);
        cloned._attachments = attachments;
        return cloned;
      };
      // The encryption side of the cache is per document (see field-cipher-cache.ts): the primary key, and the
      // collection, since two collections of one database may hold the same id.
      const primaryPath = getPrimaryFieldOfPrimaryKey(params.schema.primaryKey) as string;
      const docKeyOf = (doc: object): string | undefined => {
        const id = (doc as Record<string, unknown>)[primaryPath];
        return typeof id === 'string' ? `${params.collectionName}\u0000${id}` : undefined;
      };
      const encryptCached = async (docKey: string | undefined, path: string, value: unknown): Promise<string> => {
        if (docKey === undefined) return encryptField(key, path, value);
        const known = cache.ciphertextOf(docKey, path, value);
        if (known !== undefined) return known;
        const sealed = await encryptField(key, path, value);
        cache.remember(docKey, path, { plaintextJson: JSON.stringify(value), ciphertext: sealed, reusable: true });
        return sealed;
      };
      const decryptCached = async (docKey: string | undefined, path: string, stored: unknown): Promise<unknown> => {
        if (docKey === undefined || typeof stored !== 'string') return decryptField(key, password, path, stored);
        const known = cache.plaintextOf(docKey, path, stored);
        if (known !== undefined) return JSON.parse(known) as unknown;
        const value = await decryptField(key, password, path, stored);
        // Only a current-format ciphertext may be written again as it is: an old crypto-js one changes over.
        cache.remember(docKey, path, { plaintextJson: JSON.stringify(value), ciphertext: stored, reusable: stored.startsWith(FIELD_CIPHER_PREFIX) });
        return value;
      };
      const toStorage = async <T>(doc: RxDocumentData<T>): Promise<RxDocumentData<T>> => {
        const out = copy(doc);
        const docKey = docKeyOf(out);
        await Promise.all(
          paths.map(async (path) => {
            const value: unknown = getProperty(out, path);
            if (value !== undefined) setProperty(out, path, await encryptCached(docKey, path, value));
          }),
        );
        return out;
      };
      const fromStorage = async <T>(doc: RxDocumentData<T>): Promise<RxDocumentData<T>> => {
        const out = copy(doc);
        const docKey = docKeyOf(out);
        await Promise.all(
          paths.map(async (path) => {
            const value: unknown = getProperty(out, path);
            if (value !== undefined) setProperty(out, path, await decryptCached(docKey, path, value));
          }),
        );
        return out;
      };
      return withOrderedChangeStream(wrapRxStorageInstance(params.schema, instance, toStorage, fromStorage), instance, fromStorage);
    },
  }) as FieldEncryptedStorage;
}

type AnyBulk = EventBulk<RxStorageChangeEvent<RxDocumentData<unknown>>, unknown>;
/** The two methods replaced; RxDB's instance types are too generic to spell here. */
interface Streaming {
  bulkWrite(rows: unknown, context: string): Promise<unknown>;
  changeStream(): Observable<AnyBulk>;
}

/**
 * RxDB's wrapRxStorageInstance decrypts change events with mergeMap and counts events in flight in one
 * counter that every bulkWrite waits on. With a truly asynchronous decryption (Web Crypto; crypto-js was
 * synchronous) two faults appear: event bulks can overtake each other, and a subscriber that unsubscribes
 * while a bulk is being decrypted (replication stopped) leaves the counter above zero for ever, so every
 * later write to that collection never resolves. Here change events are decrypted in order (concatMap),
 * and an unsubscribing subscriber takes its unfinished events off the count.
 */
function withOrderedChangeStream<T>(
  wrappedInstance: T,
  innerInstance: object,
  fromStorage: (doc: RxDocumentData<unknown>) => Promise<RxDocumentData<unknown>>,
): T {
  const wrapped = wrappedInstance as unknown as Streaming;
  const inner = innerInstance as unknown as Streaming;
  const processing = new BehaviorSubject(0);
  const bulkWrite = wrapped.bulkWrite.bind(wrapped);
  const decrypt = async (doc: RxDocumentData<unknown> | undefined): Promise<RxDocumentData<unknown> | undefined> =>
    doc ? fromStorage(doc) : doc;
  Object.assign(wrapped, {
    // By RxDB's contract a write's change events are emitted before the write resolves.
    bulkWrite: async (rows: unknown, context: string) => {
      const result = await bulkWrite(rows, context);
      await firstValueFrom(processing.pipe(filter((n) => n === 0)));
      return result;
    },
    changeStream: () =>
      new Observable<AnyBulk>((subscriber) => {
        let mine = 0;
        const sub = inner
          .changeStream()
          .pipe(
            tap(() => {
              mine++;
              processing.next(processing.getValue() + 1);
            }),
            concatMap(async (bulk: AnyBulk): Promise<AnyBulk> => ({
              id: bulk.id,
              checkpoint: bulk.checkpoint,
              context: bulk.context,
              events: await Promise.all(
                bulk.events.map(async (event) => ({
                  operation: event.operation,
                  documentId: event.documentId,
                  documentData: (await decrypt(event.documentData))!,
                  previousDocumentData: await decrypt(event.previousDocumentData),
                  isLocal: false,
                })),
              ),
            })),
            tap(() => {
              mine--;
              processing.next(processing.getValue() - 1);
            }),
          )
          .subscribe(subscriber);
        return () => {
          sub.unsubscribe();
          if (mine > 0) processing.next(processing.getValue() - mine);
          mine = 0;
        };
      }),
  } satisfies Streaming);
  return wrappedInstance;
}
