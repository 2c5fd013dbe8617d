import { describe, expect, it } from 'vitest';
import type { DeviceStatusReport } from '../../../main/api/devices.js';
import { a4PrinterReady, buildA4ApplicationForm } from '../receipt/a4.js';
import { INITIAL_SESSION, sessionTransition } from '../session/machine.js';
import { sampleService } from '../test-support/fixtures.js';
import { CONFIRMED_AT_KEY, extrasForSubmit, hasCommitment, materialKey, needsSignature, SIGNATURE_KEY } from './extras.js';
import { pageKey, parseImageDataUrl, pendingAttachments, storeAttachments } from './attachments.js';
import { fillOffers, fillTargets } from './ocr-offers.js';
import type { DocumentField } from '../../../main/api/devices.js';

/** A 1×1 PNG as the signature pad hands it over. */
const SIGNATURE_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const service = {
  ...sampleService,
  materials: [
    { key: 'idCard', name: { zh: '身份证', en: 'ID card' }, required: true, deferrable: false },
    { key: 'hukouBook', name: { zh: '户口簿', en: 'Household register' }, required: true, deferrable: true },
  ],
};

describe('materials and the commitment', () => {
  it('deferring a deferrable material asks for a signature; the signed commitment goes with the application', () => {
    const values = { [materialKey('idCard')]: 'captured', [materialKey('hukouBook')]: 'deferred' };
    expect(needsSignature(service, values)).toBe(true);
    expect(extrasForSubmit(service, values)).toEqual({ '_material.idCard': 'captured', '_material.hukouBook': 'deferred' });
    const signed = { ...values, [SIGNATURE_KEY]: SIGNATURE_PNG };
    // The signature itself is not form data: it goes as a PNG attachment.
    expect(extrasForSubmit(service, signed)).toEqual({ '_material.idCard': 'captured', '_material.hukouBook': 'deferred', _commitment: 'signed' });
  });

  it('on a keypad machine the commitment is an explicit confirmation with its time, not a drawing', () => {
    const values = { [materialKey('hukouBook')]: 'deferred' };
    expect(hasCommitment(values)).toBe(false);
    const at = '2026-11-22T05:30:00.000Z';
    const confirmed = { ...values, [CONFIRMED_AT_KEY]: at };
    expect(hasCommitment(confirmed)).toBe(true);
    expect(extrasForSubmit(service, confirmed)).toEqual({ '_material.hukouBook': 'deferred', _commitment: 'keypad-confirmed', _commitmentConfirmedAt: at });
    // Not a time: not a confirmation.
    expect(hasCommitment({ ...values, [CONFIRMED_AT_KEY]: 'yes' })).toBe(false);
    expect(extrasForSubmit(service, { ...values, [CONFIRMED_AT_KEY]: 'yes' })).toEqual({ '_material.hukouBook': 'deferred' });
    // Nothing deferred: a stray confirmation is not sent.
    expect(extrasForSubmit(service, { [CONFIRMED_AT_KEY]: at })).toEqual({});
  });

  it('nothing deferred: no commitment; a non-deferrable material cannot be deferred', () => {
    const values = { [materialKey('idCard')]: 'deferred', [SIGNATURE_KEY]: SIGNATURE_PNG };
    expect(needsSignature(service, values)).toBe(false);
    expect(extrasForSubmit(service, values)).toEqual({});
  });

  it('the review state accepts only "_" keys through set-extra', () => {
    const review = { kind: 'review' as const, service, card: {} as never, values: { phone: '1' } };
    expect(sessionTransition(review, { type: 'set-extra', key: SIGNATURE_KEY, value: SIGNATURE_PNG }, { endSessionOnCardRemoval: false })).toMatchObject({
      values: { phone: '1', _signature: SIGNATURE_PNG },
    });
    expect(sessionTransition(review, { type: 'set-extra', key: 'phone', value: '2' }, { endSessionOnCardRemoval: false })).toBe(review);
    expect(sessionTransition(INITIAL_SESSION, { type: 'set-extra', key: '_x', value: 'y' }, { endSessionOnCardRemoval: false })).toBe(INITIAL_SESSION);
  });
});

describe('attachments of an application', () => {
  const page = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==';
  it('the signature when the commitment needs it, and each page still marked captured', () => {
    const values = {
      [materialKey('idCard')]: 'captured',
      [pageKey('idCard')]: page,
      [materialKey('hukouBook')]: 'deferred',
      [pageKey('hukouBook')]: page, // captured, then deferred after all: not sent
      [SIGNATURE_KEY]: SIGNATURE_PNG,
    };
    expect(pendingAttachments(service, values)).toEqual([
      { kind: 'signature', dataUrl: SIGNATURE_PNG },
      { kind: 'material-page', materialId: 'idCard', dataUrl: page },
    ]);
    // Nothing deferred: no commitment, so no signature either.
    expect(pendingAttachments(service, { [materialKey('idCard')]: 'captured', [SIGNATURE_KEY]: SIGNATURE_PNG })).toEqual([]);
  });

  it('stores each image in the host and returns references in order; a refusal stops with its message', async () => {
    expect(parseImageDataUrl(SIGNATURE_PNG)).toEqual({ mediaType: 'image/png', imageBase64: SIGNATURE_PNG.slice('data:image/png;base64,'.length) });
    expect(parseImageDataUrl('data:image/svg+xml;base64,PHN2Zz4=')).toBeNull();
    const stored: string[] = [];
    const api = {
      putAttachment: async (req: { imageBase64: string; mediaType: 'image/png' | 'image/jpeg' }) => {
        stored.push(req.mediaType);
        return { ok: true as const, value: { sha256: String(stored.length).repeat(64), size: 10, mediaType: req.mediaType } };
      },
    };
    const refs = await storeAttachments(api, [
      { kind: 'signature', dataUrl: SIGNATURE_PNG },
      { kind: 'material-page', materialId: 'idCard', dataUrl: page },
    ]);
    expect(refs).toEqual({
      ok: true,
      value: [
        { sha256: '1'.repeat(64), size: 10, mediaType: 'image/png', kind: 'signature' },
        { sha256: '2'.repeat(64), size: 10, mediaType: 'image/jpeg', kind: 'material-page', materialId: 'idCard' },
      ],
    });
    const tooLarge = { code: 'too_large' as const, message: { zh: '图片太大', en: 'The image is too large' } };
    const refused = await storeAttachments({ putAttachment: async () => ({ ok: false as const, error: tooLarge }) }, [{ kind: 'signature', dataUrl: SIGNATURE_PNG }]);
    expect(refused).toEqual({ ok: false, error: tooLarge });
  });
});

describe('OCR offers and A4', () => {
  it('an ID number is offered for ID-number fields only; passport numbers for none', () => {
    const fields = [
      { key: 'idNumber', type: 'idNumber', label: { zh: '证件号码', en: 'ID' }, required: true },
      { key: 'phone', type: 'phone', label: { zh: '电话', en: 'Phone' }, required: true },
    ] as unknown as Parameters<typeof fillTargets>[1];
    expect(fillTargets({ kind: 'resident_id', value: '11010519491231002X', corrected: false }, fields).map((f) => f.key)).toEqual(['idNumber']);
    expect(fillTargets({ kind: 'uscc', value: 'x', corrected: false }, fields)).toEqual([]);
  });

  it('fill offers are numbered for the keypad from 3 (1 captures, 2 defers), in screen order, none past 9', () => {
    const idFields = Array.from({ length: 8 }, (_, i) => ({ key: `id${i}`, type: 'idNumber', label: { zh: `号码${i}`, en: `ID ${i}` }, required: false }));
    const uscc = { key: 'credit', type: 'uscc', label: { zh: '统一社会信用代码', en: 'USCC' }, required: false };
    const fields = [uscc, ...idFields] as unknown as Parameters<typeof fillOffers>[1];
    const reads = [
      { kind: 'uscc', value: '91350100M000100Y43', corrected: false },
      { kind: 'passport_mrz', value: 'E12345678', corrected: false, nationality: 'CHN', birthDate: '1990-01-01', expiryDate: '2030-01-01', sex: 'F', mrz: '' },
      { kind: 'resident_id', value: '11010519491231002X', corrected: false },
    ] as const satisfies readonly DocumentField[];
    const offers = fillOffers(reads, fields);
    expect(offers.map((o) => [o.read.kind, o.field.key, o.key])).toEqual([
      ['uscc', 'credit', '3'],
      ...idFields.map((f, i) => ['resident_id', f.key, i < 6 ? String(4 + i) : null]),
    ]);
    expect(fillOffers(null, fields)).toEqual([]);
  });

  it('the A4 button needs a ready A4 printer; the form masks the applicant', () => {
    const report = (kind: 'ready' | 'disabled'): DeviceStatusReport =>
      ({ deviceId: 'a4', deviceClass: 'a4-printer', status: { kind } }) as unknown as DeviceStatusReport;
    expect(a4PrinterReady([report('ready')])).toBe(true);
    expect(a4PrinterReady([report('disabled')])).toBe(false);
    const form = buildA4ApplicationForm({
      applicationId: 'a',
      applicationNumber: 'YC-T1-20261122-0001',
      service,
      card: { name: '张三丰', idNumber: '11010519491231002X' },
      values: { [materialKey('hukouBook')]: 'deferred' },
      locale: 'zh-CN',
    });
    expect(JSON.stringify(form)).not.toContain('11010519491231002X');
    expect(form.sections[0]!.fields[0]!.value).toBe('张**');
    expect(form.sections[2]!.fields[1]!.value).toContain('容缺');
  });
});
