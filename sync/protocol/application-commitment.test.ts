// Contract 3: an application carries the 告知承诺 text the person signed or confirmed, exactly when
// formData._commitment says one was taken; versions 1 and 2 (without it) stay accepted.
import { describe, expect, it } from 'vitest';
import { applicationSchema, type SignedCommitment } from './application.js';
import { sameApplicationContent } from './application-ownership.js';

const base = {
  id: '0b8f1c2e-1111-4222-8333-444455556666',
  applicationNumber: 'YC-T0001-20261122-0001',
  terminalId: 'T0001',
  serviceId: 'bundle-newborn',
  applicant: { name: '测试', idNumber: '11010519491231002X', cardType: 'resident' },
  formData: { phone: '13900000000', '_material.birth-proof': 'deferred', _commitment: 'signed' },
  submittedAt: '2026-11-22T02:00:00.000Z',
  takenOffline: true,
  status: 'queued',
};

const commitment: SignedCommitment = {
  deferredMaterials: [{ key: 'birth-proof', name: { zh: '出生医学证明', en: 'Medical birth certificate' } }],
  parts: [
    { serviceId: 'bundle-newborn', service: null, clauses: [{ zh: '所填信息真实。', en: 'The facts given are true.' }] },
    { serviceId: 'svc-medical', service: { zh: '医保参保登记', en: 'Medical insurance enrolment' }, clauses: [{ zh: '未在他处参保。', en: 'Not insured elsewhere.' }] },
  ],
};

describe('commitment text in the application contract (version 3)', () => {
  it('a version-3 application with a commitment carries its text, zh and en, part by part', () => {
    const parsed = applicationSchema.parse({ ...base, schemaVersion: 3, commitment });
    expect(parsed.commitment).toEqual(commitment);
  });

  it('refuses a version-3 commitment without its text, a text without a commitment, and a text on version 1 or 2', () => {
    const issue = (doc: object) => applicationSchema.safeParse(doc).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issue({ ...base, schemaVersion: 3 })).toEqual([['commitment', 'formData._commitment says a commitment was taken: its text is required']]);
    expect(issue({ ...base, formData: { phone: '13900000000' }, schemaVersion: 3, commitment })).toEqual([
      ['commitment', 'a commitment text without formData._commitment (signed or keypad-confirmed)'],
    ]);
    expect(issue({ ...base, schemaVersion: 2, commitment })).toEqual([['commitment', 'version-2 applications carry no commitment text; send schemaVersion 3']]);
    expect(issue({ ...base, schemaVersion: 3, commitment: { ...commitment, parts: [] } })?.[0]?.[0]).toBe('commitment.parts');
    expect(issue({ ...base, schemaVersion: 3, commitment: { ...commitment, parts: [{ ...commitment.parts[0]!, clauses: [] }] } })?.[0]?.[0]).toBe('commitment.parts.0.clauses');
    expect(issue({ ...base, schemaVersion: 3, commitment: { ...commitment, extra: 1 } })?.[0]?.[0]).toBe('commitment');
  });

  it('older applications with a commitment are still accepted without its text (what was taken then)', () => {
    expect(applicationSchema.safeParse({ ...base, schemaVersion: 1 }).success).toBe(true);
    expect(applicationSchema.safeParse({ ...base, schemaVersion: 2 }).success).toBe(true);
    expect(applicationSchema.safeParse({ ...base, formData: { phone: '1' }, schemaVersion: 3 }).success).toBe(true);
  });

  it('the text is part of what the citizen submitted: a different clause is different content', () => {
    const doc = { ...base, schemaVersion: 3, commitment };
    expect(sameApplicationContent(doc, structuredClone(doc))).toBe(true);
    const changed = structuredClone(doc);
    changed.commitment.parts[1]!.clauses[0]!.zh = '已在他处参保。';
    expect(sameApplicationContent(doc, changed)).toBe(false);
  });
});
