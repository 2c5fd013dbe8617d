// Who owns which part of an application, shared by the platform (intake) and the terminal (conflict
// handler) so both sides compare and merge the same way: the terminal owns what the citizen submitted,
// the platform owns the status. (Additive contract extension; sync/server and sync/client import it.)
import type { ApplicationDoc } from './application.js';

export const APPLICATION_CONTENT_FIELDS = [
  'id',
  'applicationNumber',
  'terminalId',
  'serviceId',
  'applicant',
  'formData',
  'submittedAt',
  'takenOffline',
  'schemaVersion',
  'attachments',
  'commitment',
] as const satisfies readonly (keyof ApplicationDoc)[];

/** A terminal cannot change these: the platform's review status, and whether the record exists. */
export const APPLICATION_PLATFORM_FIELDS = ['status', 'statusNote', 'statusUpdatedAt', '_deleted'] as const satisfies readonly (keyof ApplicationDoc)[];

/** Order-independent JSON, so documents compare equal whatever key order jsonb or a client chose. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

function pick(doc: unknown, fields: readonly string[]): Record<string, unknown> {
  const src = (doc ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = src[f];
  // Version-1 documents stored before `attachments` existed have none: the same as an empty list.
  if ('attachments' in out && out.attachments === undefined) out.attachments = [];
  return out;
}

/** Same citizen-submitted content (status fields ignored). */
export function sameApplicationContent(a: unknown, b: unknown): boolean {
  return canonicalJson(pick(a, APPLICATION_CONTENT_FIELDS)) === canonicalJson(pick(b, APPLICATION_CONTENT_FIELDS));
}

/** Same document as replication sees it: every schema field; RxDB's _meta/_rev/_attachments ignored. */
export function sameApplicationDocument(a: unknown, b: unknown): boolean {
  const all = [...APPLICATION_CONTENT_FIELDS, ...APPLICATION_PLATFORM_FIELDS];
  return canonicalJson(pick(a, all)) === canonicalJson(pick(b, all));
}

/** The terminal's content with the platform's status fields. */
export function withPlatformStatus<T extends ApplicationDoc>(content: T, master: ApplicationDoc): T {
  return {
    ...content,
    status: master.status,
    statusNote: master.statusNote,
    statusUpdatedAt: master.statusUpdatedAt,
    _deleted: master._deleted,
  };
}
