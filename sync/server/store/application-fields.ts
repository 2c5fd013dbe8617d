// Which parts of an application belong to whom: the terminal owns what the citizen submitted,
// the platform owns the status. Comparisons and merges go through these two lists.
import type { ApplicationDoc } from '../../protocol/index.js';
import { canonicalJson } from './canonical.js';

const CONTENT_FIELDS = [
  'id',
  'applicationNumber',
  'terminalId',
  'serviceId',
  'applicant',
  'formData',
  'submittedAt',
  'takenOffline',
  'schemaVersion',
] as const satisfies readonly (keyof ApplicationDoc)[];

const PLATFORM_FIELDS = ['status', 'statusNote', 'statusUpdatedAt', '_deleted'] as const satisfies readonly (keyof ApplicationDoc)[];

function pick(doc: unknown, fields: readonly string[]): Record<string, unknown> {
  const src = (doc ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = src[f];
  return out;
}

/** Same citizen-submitted content (status fields ignored). */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(pick(a, CONTENT_FIELDS)) === canonicalJson(pick(b, CONTENT_FIELDS));
}

/** Same document as replication sees it (every schema field; RxDB meta fields ignored). */
export function sameDocument(a: unknown, b: unknown): boolean {
  const all = [...CONTENT_FIELDS, ...PLATFORM_FIELDS];
  return canonicalJson(pick(a, all)) === canonicalJson(pick(b, all));
}

/** The terminal's content with the platform's status fields. */
export function withPlatformStatus(content: ApplicationDoc, master: ApplicationDoc): ApplicationDoc {
  return {
    ...content,
    status: master.status,
    statusNote: master.statusNote,
    statusUpdatedAt: master.statusUpdatedAt,
    _deleted: master._deleted,
  };
}
