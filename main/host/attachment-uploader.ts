// Uploads attachment bytes from the host's store to the platform (tus 1.0 core + creation, see
// sync/protocol/attachment.ts), resuming at the platform's offset after an interruption. The host signs these
// requests itself: the bytes and the credential never pass through the renderer. Called by the renderer's
// replication before it pushes the applications that reference the attachments (TerminalApi.uploadAttachments).
import {
  ATTACHMENT_GONE_STATUS,
  ATTACHMENT_PATHS,
  encodeUploadMetadata,
  PERMANENT_UPLOAD_STATUSES,
  sha256Hex,
  TUS_PATCH_CONTENT_TYPE,
  TUS_VERSION,
  type AttachmentBlob,
  type RefusedAttachment,
} from '../../sync/protocol/index.js';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';
import type { AttachmentStore } from './attachment-store.js';
import type { HostSignRequest } from './platform-identity.js';

export type UploadFailureCode = 'not_enrolled' | 'offline' | 'missing' | 'refused';

export interface AttachmentUploaderOptions {
  readonly platformUrl: string;
  readonly store: AttachmentStore;
  readonly sign: (req: HostSignRequest) => Promise<Result<Record<string, string>, UserFacingError>>;
  readonly fetch?: typeof fetch;
  /** Bytes per PATCH (default 1 MiB): a cut connection costs at most one chunk. */
  readonly chunkBytes?: number;
  readonly timeoutMs?: number;
}

export interface AttachmentUploader {
  /**
   * Resolves ok once every blob is either held by the platform complete or settled for good: refused by the
   * platform (413, 415, 460, 400) or gone from this terminal's store (`refused`, so only the applications
   * referencing them are held, not the whole batch). Otherwise the first transient failure (nothing is lost).
   */
  ensureUploaded(
    blobs: readonly AttachmentBlob[],
  ): Promise<Result<{ uploaded: number; alreadyThere: number; refused: RefusedAttachment[] }, UserFacingError<UploadFailureCode>>>;
}

class UploadError extends Error {
  constructor(
    readonly code: UploadFailureCode,
    message: string,
    /** Set when retrying cannot help: the platform refused these bytes for good, or they are gone here. */
    readonly final?: Omit<RefusedAttachment, 'sha256'>,
  ) {
    super(message);
  }
}

const MESSAGES: Record<UploadFailureCode, UserFacingError['message']> = {
  not_enrolled: { zh: '本终端尚未在政务服务平台登记，附件暂存本机。', en: 'This terminal is not yet enrolled; attachments are kept on the terminal.' },
  offline: { zh: '暂时无法连接政务服务平台，附件暂存本机，稍后自动上传。', en: 'The platform cannot be reached; attachments are kept on the terminal and uploaded later.' },
  missing: { zh: '本机缺少办件的附件，请联系工作人员。', en: 'An attachment of an application is missing on this terminal; please ask a member of staff.' },
  refused: { zh: '政务服务平台拒收附件，请联系工作人员。', en: 'The platform refused an attachment; please ask a member of staff.' },
};

export function createAttachmentUploader(opts: AttachmentUploaderOptions): AttachmentUploader {
  const base = opts.platformUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const chunkBytes = opts.chunkBytes ?? 1024 * 1024;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  /** One upload per hash at a time; a second caller waits for the same answer. */
  const running = new Map<string, Promise<'uploaded' | 'already'>>();

  async function send(method: 'POST' | 'HEAD' | 'PATCH', url: string, headers: Record<string, string>, body?: Buffer): Promise<Response> {
    const signed = await opts.sign({ method, url, bodySha256: await sha256Hex(body ?? new Uint8Array()) });
    if (!signed.ok) throw new UploadError(signed.error.code === 'not_enrolled' ? 'not_enrolled' : 'refused', `not signed: ${signed.error.code}`);
    try {
      return await doFetch(url, {
        method,
        headers: { ...signed.value, 'tus-resumable': TUS_VERSION, ...headers },
        ...(body ? { body: new Uint8Array(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new UploadError('offline', `platform unreachable: ${(e as Error).message}`);
    }
  }

  async function refusal(res: Response, what: string): Promise<UploadError> {
    const text = await res.text().catch(() => '');
    // 5xx and 401 (a clock or credential problem the operator fixes) are retried like an outage.
    const code: UploadFailureCode = res.status >= 500 || res.status === 401 ? 'offline' : 'refused';
    const message = `${what}: platform answered ${res.status} ${text.slice(0, 300)}`;
    if (!PERMANENT_UPLOAD_STATUSES.includes(res.status)) return new UploadError(code, message);
    let body: { error?: unknown; message?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not the platform's error body: the status says enough
    }
    return new UploadError(code, message, {
      status: res.status,
      code: typeof body.error === 'string' ? body.error : `http_${res.status}`,
      message: typeof body.message === 'string' ? body.message.slice(0, 300) : message,
    });
  }

  const offsetOf = (res: Response): number => {
    const v = Number(res.headers.get('upload-offset'));
    if (!Number.isSafeInteger(v) || v < 0) throw new UploadError('refused', 'platform answered without a valid Upload-Offset');
    return v;
  };

  async function uploadOne(blob: AttachmentBlob): Promise<'uploaded' | 'already'> {
    const url = `${base}${ATTACHMENT_PATHS.upload(blob.sha256)}`;
    // Where does the platform stand? (A restarted host needs no memory of earlier uploads: the URL is the hash.)
    let offset: number;
    const head = await send('HEAD', url, {});
    if (head.status === 200) offset = offsetOf(head);
    else if (head.status === 404) {
      const created = await send('POST', `${base}${ATTACHMENT_PATHS.uploads}`, {
        'upload-length': String(blob.size),
        'upload-metadata': encodeUploadMetadata({ sha256: blob.sha256, mediaType: blob.mediaType }),
      });
      if (created.status !== 201) throw await refusal(created, `create ${blob.sha256}`);
      offset = offsetOf(created);
    } else throw await refusal(head, `HEAD ${blob.sha256}`);
    if (offset >= blob.size) return 'already';

    const bytes = opts.store.read(blob.sha256);
    const gone = (detail: string): UploadError =>
      new UploadError('missing', `${blob.sha256}: ${detail}`, { status: ATTACHMENT_GONE_STATUS, code: 'missing', message: `not on this terminal: ${detail}` });
    if (!bytes.ok) throw gone(bytes.error.detail ?? bytes.error.code);
    if (bytes.value.length !== blob.size) throw gone(`stored ${bytes.value.length} bytes, referenced ${blob.size}`);
    let conflicts = 0;
    while (offset < blob.size) {
      const chunk = bytes.value.subarray(offset, Math.min(blob.size, offset + chunkBytes));
      const res = await send('PATCH', url, { 'content-type': TUS_PATCH_CONTENT_TYPE, 'upload-offset': String(offset) }, chunk);
      if (res.status === 204) {
        offset = offsetOf(res);
        continue;
      }
      if (res.status === 409 && conflicts++ < 3) {
        // Our idea of the offset is stale (an earlier answer was lost): ask, and go on from there.
        const again = await send('HEAD', url, {});
        if (again.status === 404) throw new UploadError('offline', `${blob.sha256}: the platform dropped the upload; starting again next time`);
        if (again.status !== 200) throw await refusal(again, `HEAD ${blob.sha256}`);
        offset = offsetOf(again);
        continue;
      }
      throw await refusal(res, `PATCH ${blob.sha256} at ${offset}`);
    }
    return 'uploaded';
  }

  return {
    async ensureUploaded(blobs) {
      let uploaded = 0;
      let alreadyThere = 0;
      const refused: RefusedAttachment[] = [];
      for (const blob of blobs) {
        let p = running.get(blob.sha256);
        if (!p) {
          p = uploadOne(blob).finally(() => running.delete(blob.sha256));
          running.set(blob.sha256, p);
        }
        try {
          if ((await p) === 'uploaded') uploaded++;
          else alreadyThere++;
        } catch (e) {
          // Settled for good: reported, and the other blobs still go (one bad image holds only its application).
          if (e instanceof UploadError && e.final) {
            refused.push({ sha256: blob.sha256, ...e.final });
            continue;
          }
          const code = e instanceof UploadError ? e.code : 'refused';
          return err({ code, message: MESSAGES[code], detail: (e as Error).message });
        }
      }
      return ok({ uploaded, alreadyThere, refused });
    },
  };
}
