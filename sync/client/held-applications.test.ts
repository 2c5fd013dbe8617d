import type { RxReplicationWriteToMasterRow } from 'rxdb';
import { describe, expect, it } from 'vitest';
import type { ApplicationDoc } from '../protocol/application.js';
import { isPermanentRefusal, pushIsolatingRefusals, refusalOf, type HeldApplications } from './held-applications.js';
import { PlatformRequestError } from './platform-http.js';

const row = (id: string): RxReplicationWriteToMasterRow<ApplicationDoc> =>
  ({ newDocumentState: { id, applicationNumber: `YC-T-20261122-${id}`, serviceId: 's', submittedAt: '2026-11-22T01:00:00.000Z' } }) as unknown as RxReplicationWriteToMasterRow<ApplicationDoc>;

function memoryHeld(initial: string[] = []): HeldApplications & { marks: Map<string, string> } {
  const marks = new Map<string, string>(initial.map((id) => [id, 'earlier']));
  return {
    marks,
    held$: undefined as never,
    heldIds: async () => new Set(marks.keys()),
    hold: async (doc, refusal) => {
      const r = refusal instanceof PlatformRequestError ? refusalOf(refusal) : refusal;
      marks.set(doc.id, r.field ?? r.reason);
    },
    get: async () => null,
    countResend: async () => undefined,
    release: async (id) => void marks.delete(id),
    handOver: async () => null,
  };
}

/** A platform that refuses any batch holding a bad id (nothing partial stored), else stores all. */
function platform(bad: Set<string>, status = 400) {
  const stored: string[] = [];
  const batches: string[][] = [];
  return {
    stored,
    batches,
    send: async (rows: readonly RxReplicationWriteToMasterRow<ApplicationDoc>[]) => {
      const ids = rows.map((r) => r.newDocumentState.id);
      batches.push(ids);
      const refused = ids.find((id) => bad.has(id));
      if (refused) throw new PlatformRequestError('refused', status, { error: 'invalid_document', message: `row: applicant.idNumber: bad`, field: 'applicant.idNumber' });
      stored.push(...ids);
      return [];
    },
  };
}

describe('pushing around refused documents', () => {
  it('holds only the refused documents and stores every other one, in few round trips', async () => {
    const ids = Array.from({ length: 64 }, (_, i) => `a${i}`);
    const p = platform(new Set(['a5', 'a40']));
    const held = memoryHeld();
    const conflicts = await pushIsolatingRefusals(ids.map(row), { send: p.send, held });
    expect(conflicts).toEqual([]);
    expect([...held.marks.keys()].sort()).toEqual(['a40', 'a5']);
    expect(held.marks.get('a5')).toBe('applicant.idNumber');
    expect(p.stored.sort()).toEqual(ids.filter((id) => id !== 'a5' && id !== 'a40').sort());
    // Halving, not one request per document.
    expect(p.batches.length).toBeLessThan(30);
  });

  it('does not send an application already held', async () => {
    const p = platform(new Set());
    await pushIsolatingRefusals(['x', 'y'].map(row), { send: p.send, held: memoryHeld(['x']) });
    expect(p.batches).toEqual([['y']]);
  });

  it('passes transient failures up (to be retried) without holding anything', async () => {
    const held = memoryHeld();
    const send = async () => {
      throw new PlatformRequestError('platform answered 503', 503);
    };
    await expect(pushIsolatingRefusals([row('a')], { send, held })).rejects.toThrow('503');
    expect(held.marks.size).toBe(0);
  });

  it('treats 400, 403, 409 id_taken or attachment_mismatch and 413 as final; 409 attachment_missing, 401, 429, 5xx and unreachable as transient', () => {
    for (const s of [400, 403, 413]) expect(isPermanentRefusal(new PlatformRequestError('x', s))).toBe(true);
    expect(isPermanentRefusal(new PlatformRequestError('x', 409, { error: 'id_taken', message: 'm' }))).toBe(true);
    expect(isPermanentRefusal(new PlatformRequestError('x', 409, { error: 'attachment_mismatch', message: 'm' }))).toBe(true);
    // The attachment upload will settle it: retry, do not hold.
    expect(isPermanentRefusal(new PlatformRequestError('x', 409, { error: 'attachment_missing', message: 'm' }))).toBe(false);
    for (const s of [0, 401, 429, 500, 503]) expect(isPermanentRefusal(new PlatformRequestError('x', s))).toBe(false);
    expect(isPermanentRefusal(new Error('x'))).toBe(false);
  });
});
