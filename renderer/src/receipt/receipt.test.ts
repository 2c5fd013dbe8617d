import { describe, expect, it } from 'vitest';
import { sampleCard, sampleService, SAMPLE_ID } from '../test-support/fixtures.js';
import { buildReceipt, caseQrPayload } from './receipt.js';
import { buildA4Commitment, buildA4Receipt, madeCommitment } from './a4.js';
import { CONFIRMED_AT_KEY, materialKey, SIGNATURE_KEY } from '../materials/extras.js';

const base = {
  applicationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  applicationNumber: 'YC-T0001-20261122-0001',
  submittedAt: new Date(2026, 10, 22, 10, 5).toISOString(),
  takenOffline: true,
  service: sampleService,
  card: sampleCard,
  terminalName: { zh: '朝阳区政务服务中心 1 号机', en: 'Chaoyang Service Centre, terminal 1' },
};

describe('receipt', () => {
  it('carries the number, the case QR link and masked personal data only', () => {
    const receipt = buildReceipt({ ...base, locale: 'zh-CN' });
    expect(receipt.applicationNumber).toBe('YC-T0001-20261122-0001');
    expect(receipt.qrPayload).toBe('yichuang://case/YC-T0001-20261122-0001');
    const text = JSON.stringify(receipt);
    expect(text).not.toContain(sampleCard.name);
    expect(text).not.toContain(SAMPLE_ID);
    expect(text).toContain('张**');
    expect(receipt.lines.find((l) => l.label === '提交时间')?.value).toBe('2026-11-22 10:05');
    expect(receipt.lines.find((l) => l.label === '状态')?.value).toBe('已受理登记，等待发送');
  });

  it('adds English beside the Chinese when the person used English', () => {
    const receipt = buildReceipt({ ...base, locale: 'en' });
    expect(receipt.title).toContain('Application receipt');
    expect(receipt.lines[0]).toEqual({ label: '办理事项 Service', value: '社会保障卡补领 Replace social security card' });
  });

  it('builds the case link', () => {
    expect(caseQrPayload('YC-A-20260101-0001')).toBe('yichuang://case/YC-A-20260101-0001');
  });
});

describe('A4 receipt and commitment letter', () => {
  it('the A4 receipt carries the roll receipt content (masked) under the service name', () => {
    const receipt = buildReceipt({ ...base, locale: 'zh-CN' });
    const a4 = buildA4Receipt({ receipt, service: sampleService, locale: 'zh-CN' });
    expect(a4).toMatchObject({ kind: 'receipt', applicationId: base.applicationId, applicationNumber: base.applicationNumber, title: sampleService.name.zh, qrPayload: caseQrPayload(base.applicationNumber) });
    expect(JSON.stringify(a4)).not.toContain(SAMPLE_ID);
  });

  it('the commitment letter is offered only after a commitment, with the ID number masked', () => {
    const service = { ...sampleService, materials: [{ key: 'proof', name: { zh: '证明', en: 'Proof' }, required: true, deferrable: true }] } as unknown as typeof sampleService;
    const deferred = { [materialKey('proof')]: 'deferred' };
    expect(madeCommitment(service, {})).toBe(false);
    expect(madeCommitment(service, deferred)).toBe(false); // not signed yet
    expect(madeCommitment(service, { ...deferred, [SIGNATURE_KEY]: 'data:image/png;base64,AAAA' })).toBe(true);
    expect(madeCommitment(service, { ...deferred, [CONFIRMED_AT_KEY]: '2026-11-22T10:00:00.000Z' })).toBe(true);
    expect(madeCommitment(service, { [SIGNATURE_KEY]: 'data:image/png;base64,AAAA' })).toBe(false); // nothing deferred
    const letter = buildA4Commitment({ applicationId: base.applicationId, applicationNumber: base.applicationNumber, service: sampleService, card: sampleCard, locale: 'en' });
    expect(letter).toMatchObject({ kind: 'commitment', title: sampleService.name.en, applicantName: sampleCard.name });
    expect(letter.applicantIdNumber).not.toBe(SAMPLE_ID);
    expect(letter.applicantIdNumber).toContain('*');
    // An application without a stored text (taken under contract 1 or 2): the host prints the standard wording.
    expect(letter.parts).toBeUndefined();
  });

  it("the commitment letter carries the stored text, part by part, in the person's language", () => {
    const commitment = {
      deferredMaterials: [{ key: 'proof', name: { zh: '居住证明', en: 'Proof of residence' } }],
      parts: [
        { serviceId: 'bundle-newborn', service: null, clauses: [{ zh: '所填信息真实。', en: 'The facts given are true.' }] },
        { serviceId: 'svc-medical', service: { zh: '医保参保登记', en: 'Medical insurance enrolment' }, clauses: [{ zh: '未在他处参保。', en: 'Not insured elsewhere.' }] },
      ],
    };
    const ids = { applicationId: base.applicationId, applicationNumber: base.applicationNumber, service: sampleService, card: sampleCard, commitment };
    expect(buildA4Commitment({ ...ids, locale: 'zh-CN' })).toMatchObject({
      deferredMaterials: ['居住证明'],
      parts: [
        { heading: null, clauses: ['所填信息真实。'] },
        { heading: '医保参保登记', clauses: ['未在他处参保。'] },
      ],
    });
    expect(buildA4Commitment({ ...ids, locale: 'en' }).parts?.[1]).toEqual({ heading: 'Medical insurance enrolment', clauses: ['Not insured elsewhere.'] });
  });
});
