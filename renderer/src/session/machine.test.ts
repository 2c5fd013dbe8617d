import { describe, expect, it } from 'vitest';
import type { CardIdentity } from '../../../main/api/devices.js';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { typedIdentity } from '../identity/typed-identity.js';
import { sampleCard, sampleService, SAMPLE_ID } from '../test-support/fixtures.js';
import { INITIAL_SESSION, sessionTransition, type SessionEvent, type SessionState, type SubmittedApplication } from './machine.js';

const keep = { endSessionOnCardRemoval: false };
const strict = { endSessionOnCardRemoval: true };
const run = (events: SessionEvent[], options = keep, from: SessionState = INITIAL_SESSION) =>
  events.reduce((s, e) => sessionTransition(s, e, options), from);

const application: SubmittedApplication = {
  applicationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  applicationNumber: 'YC-T0001-20261122-0001',
  qrPayload: 'yichuang://case/YC-T0001-20261122-0001',
  submittedAt: '2026-11-22T02:00:00.000Z',
  takenOffline: false,
};

const toReview: SessionEvent[] = [
  { type: 'start' },
  { type: 'choose-service', service: sampleService },
  { type: 'card-present', card: sampleCard },
  { type: 'change-field', key: 'phone', value: '13812345678' },
  { type: 'form-complete' },
];

/** Everything personal a state could hold, as one string. */
const personal = (s: SessionState) => JSON.stringify(s);

describe('session state machine', () => {
  it('walks attract → services → identify → form → review → submitting → submitted → done → attract', () => {
    const kinds: string[] = [];
    let s: SessionState = INITIAL_SESSION;
    for (const e of [
      ...toReview,
      { type: 'submit' },
      { type: 'submit-succeeded', application },
      { type: 'print-succeeded', applicationId: application.applicationId },
      { type: 'finish' },
      { type: 'finish' },
    ] satisfies SessionEvent[]) {
      s = sessionTransition(s, e, keep);
      kinds.push(s.kind);
    }
    expect(kinds).toEqual(['services', 'identify', 'form', 'form', 'review', 'submitting', 'submitted', 'submitted', 'done', 'attract']);
  });

  it('prefills the form from the card and keeps what the person types', () => {
    const s = run(toReview.slice(0, 4));
    expect(s.kind).toBe('form');
    if (s.kind !== 'form') return;
    expect(s.values.name).toBe(sampleCard.name);
    expect(s.values.phone).toBe('13812345678');
  });

  it('refuses an expired card with a problem and lets the person try another', () => {
    const expired: CardIdentity = { ...sampleCard, expired: true };
    let s = run([{ type: 'start' }, { type: 'choose-service', service: sampleService }, { type: 'card-present', card: expired }]);
    expect(s).toMatchObject({ kind: 'identify', problem: { kind: 'expired' } });
    s = run([{ type: 'card-removed' }], keep, s);
    expect(s).toMatchObject({ kind: 'identify', problem: null });
    s = run([{ type: 'card-present', card: sampleCard }], keep, s);
    expect(s.kind).toBe('form');
  });

  it('refuses a card type the service does not accept, naming the accepted ones', () => {
    const foreign: CardIdentity = { ...sampleCard, cardType: 'foreign_permanent' };
    const s = run([{ type: 'start' }, { type: 'choose-service', service: sampleService }, { type: 'card-present', card: foreign }]);
    expect(s).toMatchObject({ kind: 'identify', problem: { kind: 'wrong-type', accepted: ['resident'] } });
  });

  it('shows card read errors on the identify screen', () => {
    const error = { code: 'read_failed', message: { zh: '读卡失败', en: 'Could not read the card' } };
    const s = run([{ type: 'start' }, { type: 'choose-service', service: sampleService }, { type: 'card-error', error }]);
    expect(s).toMatchObject({ kind: 'identify', problem: { kind: 'read-error', error } });
  });

  it('takes a typed ID number only where the service allows typing, and prefills nothing only a card has', () => {
    const typed = typedIdentity(SAMPLE_ID, ' 王五 ', new Date('2026-11-22'));
    if (!typed.ok) throw new Error('sample identity should be valid');
    const open: CatalogItem = { ...sampleService, identification: ['card', 'qr', 'typed'] };
    let s = run([{ type: 'start' }, { type: 'choose-service', service: open }, { type: 'identity-typed', identity: typed.value }]);
    expect(s.kind).toBe('form');
    if (s.kind !== 'form') return;
    expect(s.values.name).toBe('王五');
    expect(s.values.idNumber).toBe(SAMPLE_ID);
    expect(s.values.address).toBe('');
    expect(s.values.nation).toBe('');
    // The default catalog entry (card and QR) refuses it with a problem that names the allowed ways.
    s = run([{ type: 'start' }, { type: 'choose-service', service: sampleService }, { type: 'identity-typed', identity: typed.value }]);
    expect(s).toMatchObject({ kind: 'identify', problem: { kind: 'method-not-allowed', method: 'typed', allowed: ['card', 'qr'] } });
    // A card-present event cannot smuggle a typed identity past the rule either (e.g. after 'back').
    s = run([{ type: 'card-present', card: typed.value }, { type: 'choose-service', service: sampleService }]);
    expect(s).toMatchObject({ kind: 'identify', problem: { kind: 'method-not-allowed' } });
  });

  it('refuses an identity QR for a service that wants the card itself', () => {
    const cardOnly: CatalogItem = { ...sampleService, identification: ['card'] };
    const qr: CardIdentity = { ...sampleCard, identifiedBy: 'qr' };
    const s = run([{ type: 'start' }, { type: 'choose-service', service: cardOnly }, { type: 'card-present', card: qr }]);
    expect(s).toMatchObject({ kind: 'identify', problem: { kind: 'method-not-allowed', method: 'qr', allowed: ['card'] } });
    expect(run([{ type: 'card-present', card: sampleCard }], keep, s).kind).toBe('form');
  });

  it('uses a card placed before the service was chosen', () => {
    const s = run([{ type: 'card-present', card: sampleCard }, { type: 'choose-service', service: sampleService }]);
    expect(s.kind).toBe('form');
  });

  it('ends on idle timeout from anywhere except a write in progress, dropping all personal data', () => {
    const review = run(toReview);
    const ended = run([{ type: 'end' }], keep, review);
    expect(ended).toEqual(INITIAL_SESSION);
    expect(personal(ended)).not.toContain(sampleCard.name);
    const submitting = run([{ type: 'submit' }], keep, review);
    expect(run([{ type: 'end' }], keep, submitting).kind).toBe('submitting');
  });

  it('ends the session on card removal only when configured, and never after submitting', () => {
    const form = run(toReview.slice(0, 3));
    expect(run([{ type: 'card-removed' }], keep, form).kind).toBe('form');
    expect(run([{ type: 'card-removed' }], strict, form)).toEqual(INITIAL_SESSION);
    const submitted = run([{ type: 'submit' }, { type: 'submit-succeeded', application }], strict, run(toReview, strict));
    expect(run([{ type: 'card-removed' }], strict, submitted).kind).toBe('submitted');
  });

  it('keeps the values when submitting fails so the person can retry', () => {
    const failed = run([{ type: 'submit' }, { type: 'submit-failed', reason: 'storage: QuotaExceeded' }], keep, run(toReview));
    expect(failed).toMatchObject({ kind: 'submit-failed', values: { phone: '13812345678' } });
    expect(run([{ type: 'submit' }], keep, failed).kind).toBe('submitting');
  });

  it('records a print failure for the current application only', () => {
    const submitted = run([{ type: 'submit' }, { type: 'submit-succeeded', application }], keep, run(toReview));
    const error = { code: 'paper_out', message: { zh: '打印机缺纸', en: 'The printer is out of paper' } };
    expect(run([{ type: 'print-failed', applicationId: 'someone-else', error }], keep, submitted)).toBe(submitted);
    expect(run([{ type: 'print-failed', applicationId: application.applicationId, error }], keep, submitted)).toMatchObject({
      print: { kind: 'failed', error },
    });
  });

  it('holds no personal data once done, and starts the next session with a newly placed card', () => {
    const done = run([{ type: 'submit' }, { type: 'submit-succeeded', application }, { type: 'finish' }], keep, run(toReview));
    expect(done).toEqual({ kind: 'done', rating: { serviceId: sampleService.id, applicationId: application.applicationId } });
    const next: CardIdentity = { ...sampleCard, name: '李四' };
    expect(run([{ type: 'card-present', card: next }], keep, done)).toEqual({ kind: 'services', card: next });
  });

  it('goes back: review → form keeps values; form → services keeps the card', () => {
    const review = run(toReview);
    const form = run([{ type: 'back' }], keep, review);
    expect(form).toMatchObject({ kind: 'form', values: { phone: '13812345678' } });
    expect(run([{ type: 'back' }], keep, form)).toMatchObject({ kind: 'services', card: sampleCard });
  });
});
