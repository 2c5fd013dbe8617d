// Attachment bytes on the terminal (signature PNGs, captured pages), kept by the host until the platform has
// them and the application's purge retention has passed. Content-addressed: one file per SHA-256 in
// dataDir/attachments/. Encrypted at rest with AES-256-GCM under a key derived (HKDF-SHA256) from the local
// data key, the file's hash bound in as associated data, so a file cannot be swapped for another one unnoticed.
// Written whole, fsynced and renamed: a crash never leaves half a file under a hash's name.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sha256HexSchema } from '../../sync/protocol/request-signing.js';
import {
  DEFAULT_MAX_ATTACHMENT_BYTES,
  sniffMediaType,
  type AttachmentBlob,
  type AttachmentMediaType,
} from '../../sync/protocol/attachment.js';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';

export const ATTACHMENTS_DIR = 'attachments';
const FILE_MAGIC = Buffer.from('YCA1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type AttachmentPutFailure = 'empty' | 'too_large' | 'unsupported_media_type' | 'storage';
export type AttachmentReadFailure = 'missing' | 'damaged';

export interface AttachmentStore {
  /** Stores bytes (idempotent: the same bytes give the same reference and one file). */
  put(bytes: Uint8Array, mediaType: AttachmentMediaType): Result<AttachmentBlob, UserFacingError<AttachmentPutFailure>>;
  /** The plaintext, checked against its hash. */
  read(sha256: string): Result<Buffer, UserFacingError<AttachmentReadFailure>>;
  has(sha256: string): boolean;
  /** Removes the file; true when there was one. */
  delete(sha256: string): boolean;
  readonly maxBytes: number;
}

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export function attachmentKey(localDataKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(localDataKey, 'utf8'), Buffer.alloc(0), 'yichuang attachments at rest v1', 32));
}

export function createAttachmentStore(opts: { dataDir: string; localDataKey: string; maxBytes?: number }): AttachmentStore {
  const dir = join(opts.dataDir, ATTACHMENTS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = attachmentKey(opts.localDataKey);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  const fileOf = (sha256: string): string => {
    // The name is a hash, never a path someone chose.
    if (!sha256HexSchema.safeParse(sha256).success) throw new Error('not a SHA-256');
    return join(dir, `${sha256}.enc`);
  };

  const failure = (code: AttachmentPutFailure, detail: string): UserFacingError<AttachmentPutFailure> => ({
    code,
    message:
      code === 'too_large'
        ? { zh: `图片太大（超过 ${mib(maxBytes)}），请重新拍摄。`, en: `The image is too large (over ${mib(maxBytes)}); please capture it again.` }
        : code === 'unsupported_media_type'
          ? { zh: '只能保存 PNG 或 JPEG 图片，请重新拍摄。', en: 'Only PNG or JPEG images can be kept; please capture it again.' }
          : code === 'empty'
            ? { zh: '图片是空的，请重新拍摄或签名。', en: 'The image is empty; please capture or sign again.' }
            : { zh: '图片未能保存在本机，请联系工作人员。', en: 'The image could not be stored on this terminal; please ask a member of staff.' },
    detail,
  });

  return {
    maxBytes,
    put(bytes, mediaType) {
      if (bytes.length === 0) return err(failure('empty', 'no bytes'));
      if (bytes.length > maxBytes) return err(failure('too_large', `${bytes.length} bytes, limit ${maxBytes}`));
      const actual = sniffMediaType(bytes);
      if (actual !== mediaType) return err(failure('unsupported_media_type', `declared ${mediaType}, magic bytes say ${actual ?? 'neither PNG nor JPEG'}`));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const blob: AttachmentBlob = { sha256, size: bytes.length, mediaType };
      const file = fileOf(sha256);
      if (existsSync(file)) {
        // Stored again (a new application with the same image): fresh again for the orphan sweeper's grace period.
        try {
          const t = new Date();
          utimesSync(file, t, t);
        } catch {
          // the bytes are there; only the sweeper's clock is older
        }
        return ok(blob);
      }
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(sha256, 'ascii'));
      const sealed = Buffer.concat([FILE_MAGIC, iv, cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        const fd = openSync(tmp, 'w', 0o600);
        try {
          writeSync(fd, sealed);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, file);
        const dirFd = openSync(dir, 'r');
        try {
          fsyncSync(dirFd);
        } finally {
          closeSync(dirFd);
        }
      } catch (e) {
        // Tidy up what may be left; a folder that is gone or is no folder (ENOTDIR) must still give the person
        // the storage message, not a host fault.
        try {
          rmSync(tmp, { force: true });
        } catch {
          // nothing was written there
        }
        return err(failure('storage', (e as NodeJS.ErrnoException).code ?? (e as Error).name));
      }
      return ok(blob);
    },
    read(sha256) {
      const file = fileOf(sha256);
      const missing: UserFacingError<'missing'> = {
        code: 'missing',
        message: { zh: '本机找不到这份附件。', en: 'This attachment is not on the terminal.' },
        detail: `no file for ${sha256}`,
      };
      if (!existsSync(file)) return err(missing);
      const damaged = (detail: string): Result<never, UserFacingError<'damaged'>> =>
        err({ code: 'damaged', message: { zh: '本机保存的附件已损坏。', en: 'The attachment stored on this terminal is damaged.' }, detail });
      const sealed = readFileSync(file);
      if (sealed.length < FILE_MAGIC.length + IV_BYTES + TAG_BYTES || !sealed.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) {
        return damaged(`${sha256}: not an attachment file`);
      }
      const iv = sealed.subarray(FILE_MAGIC.length, FILE_MAGIC.length + IV_BYTES);
      const tag = sealed.subarray(sealed.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(sha256, 'ascii'));
        decipher.setAuthTag(tag);
        const plain = Buffer.concat([decipher.update(sealed.subarray(FILE_MAGIC.length + IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
        if (createHash('sha256').update(plain).digest('hex') !== sha256) return damaged(`${sha256}: content does not match its hash`);
        return ok(plain);
      } catch {
        return damaged(`${sha256}: authentication failed (wrong key or altered file)`);
      }
    },
    has: (sha256) => existsSync(fileOf(sha256)),
    delete(sha256) {
      const file = fileOf(sha256);
      if (!existsSync(file)) return false;
      rmSync(file, { force: true });
      return true;
    },
  };
}
