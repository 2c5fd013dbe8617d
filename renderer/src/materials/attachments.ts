// The images an application carries (issue 5 parts 4-5): the finger signature as a PNG and the pages captured
// with the document camera. During the session they are data: URLs in the session's values (under '_' keys,
// never stored in formData); on submit the host stores them, encrypted, and the application gets references
// (sync/protocol/attachment.ts). Replication uploads the bytes before it pushes the application.
import type { PutAttachmentRequest } from '../../../main/api/attachments.js';
import type { TerminalApi } from '../../../main/api/terminal-api.js';
import type { AttachmentKind, AttachmentMediaType, AttachmentRef } from '../../../sync/protocol/attachment.js';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { err, ok, type Result, type UserFacingError } from '../../../sync/protocol/result.js';
import type { FormValues } from '../form/engine.js';
import { materialDecision, needsSignature, SIGNATURE_KEY } from './extras.js';

/** The captured page of a material, as a data: URL. */
export const pageKey = (key: string): string => `_page.${key}`;

export interface PendingAttachment {
  readonly kind: AttachmentKind;
  readonly materialId?: string;
  readonly dataUrl: string;
}

/** What the application will carry: the signature when the commitment needs one, and each captured page. */
export function pendingAttachments(service: CatalogItem, values: FormValues): PendingAttachment[] {
  const out: PendingAttachment[] = [];
  const signature = values[SIGNATURE_KEY] ?? '';
  if (needsSignature(service, values) && signature.startsWith('data:')) out.push({ kind: 'signature', dataUrl: signature });
  for (const m of service.materials) {
    const page = values[pageKey(m.key)] ?? '';
    if (materialDecision(values, m.key) === 'captured' && page.startsWith('data:')) out.push({ kind: 'material-page', materialId: m.key, dataUrl: page });
  }
  return out;
}

const DATA_URL = /^data:(image\/png|image\/jpeg);base64,([A-Za-z0-9+/]+={0,2})$/;

export function parseImageDataUrl(dataUrl: string): PutAttachmentRequest | null {
  const m = DATA_URL.exec(dataUrl);
  return m ? { mediaType: m[1] as AttachmentMediaType, imageBase64: m[2]! } : null;
}

/** Stores each image in the host (durable when it answers) and returns the references, in order. */
export async function storeAttachments(
  api: Pick<TerminalApi, 'putAttachment'>,
  pending: readonly PendingAttachment[],
): Promise<Result<AttachmentRef[], UserFacingError>> {
  const refs: AttachmentRef[] = [];
  for (const p of pending) {
    const image = parseImageDataUrl(p.dataUrl);
    if (!image) {
      return err({
        code: 'unsupported_media_type',
        message: { zh: '图片格式无法保存，请重新拍摄或签名。', en: 'The image format cannot be kept; please capture or sign again.' },
        detail: `${p.kind}: not a PNG/JPEG data URL`,
      });
    }
    const stored = await api.putAttachment(image);
    if (!stored.ok) return stored;
    refs.push({ ...stored.value, kind: p.kind, ...(p.materialId !== undefined ? { materialId: p.materialId } : {}) });
  }
  return ok(refs);
}
