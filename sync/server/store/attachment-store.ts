// Attachments on the platform: resumable uploads (tus 1.0 semantics, routes/attachment-routes.ts) into
// content-addressed storage. Bytes are accepted as stored only when their SHA-256 is the one declared and
// their magic bytes say the declared image type; anything else is discarded. Known refusals are returned as
// values from the transaction (so the discarding commits) and turned into PlatformErrors by the caller.
import { createHash } from 'node:crypto';
import {
  distinctBlobs,
  HASH_MISMATCH_STATUS,
  prefixMayBe,
  sniffMediaType,
  type AttachmentMediaType,
  type AttachmentRef,
} from '../../protocol/index.js';
import type { Database, Queryable } from '../db/types.js';
import { PlatformError } from '../errors.js';

export interface UploadState {
  /** Bytes the platform holds of this upload (= length once complete). */
  offset: number;
  length: number;
  complete: boolean;
}

export interface UploadDeclaration {
  sha256: string;
  mediaType: AttachmentMediaType;
  length: number;
}

/** Uploads nobody continued for this long are dropped (a terminal that comes back simply starts again). */
const ABANDONED_UPLOAD_DAYS = 7;

const asBytes = (v: unknown): Buffer => (Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array));

async function storedSize(db: Queryable, sha256: string): Promise<{ size: number; media_type: string } | undefined> {
  const r = await db.query<{ size: number; media_type: string }>('SELECT size, media_type FROM attachments WHERE sha256 = $1', [sha256]);
  return r.rows[0];
}

/** tus creation. Bytes the platform already holds complete at once (from any terminal: content-addressed). */
export async function createUpload(db: Database, terminalId: string, decl: UploadDeclaration): Promise<UploadState> {
  const stored = await storedSize(db, decl.sha256);
  if (stored) {
    if (stored.size !== decl.length || stored.media_type !== decl.mediaType) {
      throw new PlatformError(
        409,
        'attachment_mismatch',
        `attachment ${decl.sha256} is stored as ${stored.media_type}, ${stored.size} bytes; declared ${decl.mediaType}, ${decl.length} bytes`,
        'Upload-Length',
      );
    }
    return { offset: stored.size, length: stored.size, complete: true };
  }
  return db.transaction(async (tx) => {
    await tx.query(`DELETE FROM attachment_uploads WHERE updated_at < now() - interval '${ABANDONED_UPLOAD_DAYS} days'`);
    const inserted = await tx.query(
      `INSERT INTO attachment_uploads (terminal_id, sha256, media_type, length) VALUES ($1, $2, $3, $4)
       ON CONFLICT (terminal_id, sha256) DO NOTHING RETURNING 1`,
      [terminalId, decl.sha256, decl.mediaType, decl.length],
    );
    if (inserted.rows.length > 0) return { offset: 0, length: decl.length, complete: false };
    const r = await tx.query<{ media_type: string; length: number; received: number }>(
      'SELECT media_type, length, received FROM attachment_uploads WHERE terminal_id = $1 AND sha256 = $2 FOR UPDATE',
      [terminalId, decl.sha256],
    );
    const existing = r.rows[0]!;
    if (existing.length === decl.length && existing.media_type === decl.mediaType) {
      return { offset: existing.received, length: existing.length, complete: false };
    }
    // The same hash declared differently: the latest declaration wins, from byte 0.
    await tx.query('DELETE FROM attachment_upload_chunks WHERE terminal_id = $1 AND sha256 = $2', [terminalId, decl.sha256]);
    await tx.query(
      'UPDATE attachment_uploads SET media_type = $3, length = $4, received = 0, updated_at = now() WHERE terminal_id = $1 AND sha256 = $2',
      [terminalId, decl.sha256, decl.mediaType, decl.length],
    );
    return { offset: 0, length: decl.length, complete: false };
  });
}

/** tus HEAD: where this terminal's upload of sha256 stands; null when there is neither upload nor attachment. */
export async function uploadState(db: Queryable, terminalId: string, sha256: string): Promise<UploadState | null> {
  const stored = await storedSize(db, sha256);
  if (stored) return { offset: stored.size, length: stored.size, complete: true };
  const r = await db.query<{ length: number; received: number }>(
    'SELECT length, received FROM attachment_uploads WHERE terminal_id = $1 AND sha256 = $2',
    [terminalId, sha256],
  );
  const row = r.rows[0];
  return row ? { offset: row.received, length: row.length, complete: false } : null;
}

export type TerminationOutcome = 'terminated' | 'complete' | 'none';

/**
 * tus termination: drops this terminal's unfinished upload of sha256 (its chunks too). A completed attachment is
 * never deleted this way: it is shared (content-addressed) and applications may reference it.
 */
export async function terminateUpload(db: Database, terminalId: string, sha256: string): Promise<TerminationOutcome> {
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM attachment_upload_chunks WHERE terminal_id = $1 AND sha256 = $2', [terminalId, sha256]);
    const deleted = await tx.query('DELETE FROM attachment_uploads WHERE terminal_id = $1 AND sha256 = $2 RETURNING 1', [terminalId, sha256]);
    if (deleted.rows.length > 0) return 'terminated';
    return (await storedSize(tx, sha256)) ? 'complete' : 'none';
  });
}

type AppendOutcome = { ok: true; state: UploadState } | { ok: false; error: PlatformError };

/** tus PATCH: appends one chunk at `offset`; on the last byte verifies and stores, or discards. */
export async function appendChunk(db: Database, terminalId: string, sha256: string, offset: number, chunk: Buffer): Promise<UploadState> {
  const outcome = await db.transaction(async (tx): Promise<AppendOutcome> => {
    const stored = await storedSize(tx, sha256);
    if (stored) {
      // Completed meanwhile (another terminal, or this one before a lost answer): nothing more to send.
      if (offset !== stored.size || chunk.length > 0) {
        return { ok: false, error: new PlatformError(409, 'offset_mismatch', `attachment ${sha256} is complete at offset ${stored.size}`, 'Upload-Offset') };
      }
      return { ok: true, state: { offset: stored.size, length: stored.size, complete: true } };
    }
    const r = await tx.query<{ media_type: AttachmentMediaType; length: number; received: number }>(
      'SELECT media_type, length, received FROM attachment_uploads WHERE terminal_id = $1 AND sha256 = $2 FOR UPDATE',
      [terminalId, sha256],
    );
    const upload = r.rows[0];
    if (!upload) return { ok: false, error: new PlatformError(404, 'no_upload', `no upload of ${sha256} from this terminal; create it first (POST)`) };
    if (offset !== upload.received) {
      return { ok: false, error: new PlatformError(409, 'offset_mismatch', `Upload-Offset ${offset} does not match the platform's offset ${upload.received}`, 'Upload-Offset') };
    }
    if (offset + chunk.length > upload.length) {
      return { ok: false, error: new PlatformError(413, 'too_large', `chunk ends at byte ${offset + chunk.length}, past Upload-Length ${upload.length}`, 'Upload-Length') };
    }
    const discard = async (error: PlatformError): Promise<AppendOutcome> => {
      await tx.query('DELETE FROM attachment_uploads WHERE terminal_id = $1 AND sha256 = $2', [terminalId, sha256]);
      return { ok: false, error };
    };
    if (offset === 0 && !prefixMayBe(chunk, upload.media_type)) {
      return discard(new PlatformError(415, 'unsupported_media_type', `the bytes are not ${upload.media_type} (magic bytes); upload discarded`, 'mediaType'));
    }
    if (chunk.length > 0) {
      await tx.query('INSERT INTO attachment_upload_chunks (terminal_id, sha256, start_offset, data) VALUES ($1, $2, $3, $4)', [
        terminalId,
        sha256,
        offset,
        chunk,
      ]);
    }
    const received = offset + chunk.length;
    await tx.query('UPDATE attachment_uploads SET received = $3, updated_at = now() WHERE terminal_id = $1 AND sha256 = $2', [terminalId, sha256, received]);
    if (received < upload.length) return { ok: true, state: { offset: received, length: upload.length, complete: false } };

    // The last byte: join, verify, store (or discard).
    const chunks = await tx.query<{ data: unknown }>(
      'SELECT data FROM attachment_upload_chunks WHERE terminal_id = $1 AND sha256 = $2 ORDER BY start_offset',
      [terminalId, sha256],
    );
    const bytes = Buffer.concat(chunks.rows.map((c) => asBytes(c.data)));
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== upload.length || actual !== sha256) {
      return discard(
        new PlatformError(HASH_MISMATCH_STATUS, 'hash_mismatch', `the uploaded bytes hash to ${actual}, not the declared ${sha256}; upload discarded`, 'sha256'),
      );
    }
    if (sniffMediaType(bytes) !== upload.media_type) {
      return discard(new PlatformError(415, 'unsupported_media_type', `the bytes are not ${upload.media_type} (magic bytes); upload discarded`, 'mediaType'));
    }
    await tx.query(
      `INSERT INTO attachments (sha256, media_type, size, data, first_terminal_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sha256) DO NOTHING`,
      [sha256, upload.media_type, bytes.length, bytes, terminalId],
    );
    await tx.query('DELETE FROM attachment_uploads WHERE terminal_id = $1 AND sha256 = $2', [terminalId, sha256]);
    return { ok: true, state: { offset: bytes.length, length: bytes.length, complete: true } };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.state;
}

export async function readAttachment(db: Queryable, sha256: string): Promise<{ mediaType: AttachmentMediaType; data: Buffer } | null> {
  const r = await db.query<{ media_type: AttachmentMediaType; data: unknown }>('SELECT media_type, data FROM attachments WHERE sha256 = $1', [sha256]);
  const row = r.rows[0];
  return row ? { mediaType: row.media_type, data: asBytes(row.data) } : null;
}

/**
 * For the push route: refuses (409, naming the document and the hash) when a referenced attachment is not
 * stored complete, or is stored with another size or type than referenced. One query for the whole batch.
 */
export async function requireAttachmentsStored(db: Queryable, docs: readonly { id: string; attachments: readonly AttachmentRef[] }[]): Promise<void> {
  const blobs = distinctBlobs(docs.flatMap((d) => d.attachments));
  if (blobs.length === 0) return;
  const r = await db.query<{ sha256: string; size: number; media_type: string }>(
    `SELECT sha256, size, media_type FROM attachments WHERE sha256 IN (${blobs.map((_, i) => `$${i + 1}`).join(', ')})`,
    blobs.map((b) => b.sha256),
  );
  const stored = new Map(r.rows.map((row) => [row.sha256, row]));
  docs.forEach((doc, row) => {
    doc.attachments.forEach((ref, i) => {
      const found = stored.get(ref.sha256);
      const field = `attachments.${i}`;
      if (!found) {
        throw new PlatformError(409, 'attachment_missing', `row ${row} (application ${doc.id}): attachment ${ref.sha256} is not uploaded completely; upload it first`, field);
      }
      if (found.size !== ref.size || found.media_type !== ref.mediaType) {
        throw new PlatformError(
          409,
          'attachment_mismatch',
          `row ${row} (application ${doc.id}): attachment ${ref.sha256} is stored as ${found.media_type}, ${found.size} bytes, not ${ref.mediaType}, ${ref.size} bytes`,
          field,
        );
      }
    });
  });
}
