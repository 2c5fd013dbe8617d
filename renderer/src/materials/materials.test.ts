import { describe, expect, it } from 'vitest';
import type { DeviceStatusReport } from '../../../main/api/devices.js';
import { MAX_SIGNATURE_CHARS, signaturePath } from '../commitment/signature-path.js';
import { a4PrinterReady, buildA4ApplicationForm } from '../receipt/a4.js';
import { INITIAL_SESSION, sessionTransition } from '../session/machine.js';
import { sampleService } from '../test-support/fixtures.js';
import { CONFIRMED_AT_KEY, extrasForSubmit, hasCommitment, materialKey, needsSignature, SIGNATURE_KEY } from './extras.js';
import { fillTargets } from './ocr-offers.js';

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
    const signed = { ...values, [SIGNATURE_KEY]: 'M1 1L2 2' };
    expect(extrasForSubmit(service, signed)).toMatchObject({ _commitment: 'signed', _signature: 'M1 1L2 2' });
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
    const values = { [materialKey('idCard')]: 'deferred', [SIGNATURE_KEY]: 'M1 1L2 2' };
    expect(needsSignature(service, values)).toBe(false);
    expect(extrasForSubmit(service, values)).toEqual({});
  });

  it('the review state accepts only "_" keys through set-extra', () => {
    const review = { kind: 'review' as const, service, card: {} as never, values: { phone: '1' } };
    expect(sessionTransition(review, { type: 'set-extra', key: SIGNATURE_KEY, value: 'M0 0L1 1' }, { endSessionOnCardRemoval: false })).toMatchObject({
      values: { phone: '1', _signature: 'M0 0L1 1' },
    });
    expect(sessionTransition(review, { type: 'set-extra', key: 'phone', value: '2' }, { endSessionOnCardRemoval: false })).toBe(review);
    expect(sessionTransition(INITIAL_SESSION, { type: 'set-extra', key: '_x', value: 'y' }, { endSessionOnCardRemoval: false })).toBe(INITIAL_SESSION);
  });
});

describe('signature path', () => {
  it('scales strokes into the 300×100 box', () => {
    expect(signaturePath([[{ x: 0, y: 0 }, { x: 600, y: 200 }]], { width: 600, height: 200 })).toBe('M0 0L300 100');
    expect(signaturePath([], { width: 600, height: 200 })).toBe('');
  });

  it('a long scribble is thinned to fit the formData limit and still starts where it started', () => {
    const stroke = Array.from({ length: 5000 }, (_, i) => ({ x: (i * 7) % 600, y: (i * 13) % 200 }));
    const path = signaturePath([stroke, stroke], { width: 600, height: 200 });
    expect(path.length).toBeLessThanOrEqual(MAX_SIGNATURE_CHARS);
    expect(path.startsWith('M0 0L')).toBe(true);
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
