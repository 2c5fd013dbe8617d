import { describe, expect, it } from 'vitest';
import { purgedApplication } from '../../../sync/protocol/application-purge.js';
import { INITIAL_SESSION, sessionTransition } from '../session/machine.js';
import { caseCodeFor, parseCaseCode } from './case-code.js';
import { findApplications, type QueryableApplication } from './find.js';

const OPTIONS = { endSessionOnCardRemoval: true };
const ID_A = '11010519491231002X';
const ID_B = '110105194912310037';

type TestApplication = QueryableApplication & {
  applicant: { name: string; idNumber: string; cardType: 'resident' };
  formData: Record<string, string>;
};

function app(number: string, idNumber: string, submittedAt: string): TestApplication {
  return {
    id: `id-${number}`,
    applicationNumber: number,
    serviceId: 'svc',
    applicant: { name: '张三丰', idNumber, cardType: 'resident' },
    formData: {},
    submittedAt,
    status: 'accepted',
    statusNote: '',
    statusUpdatedAt: '',
  };
}

describe('receipt QR (untrusted text)', () => {
  it('reads the application number from our own code, with a scanner line ending', () => {
    expect(parseCaseCode(caseCodeFor('YC-T0001-20261122-0007'))).toEqual({ ok: true, number: 'YC-T0001-20261122-0007' });
    expect(parseCaseCode('yichuang://case/YC-kiosk-dev-1-20261122-0012\r\n')).toEqual({ ok: true, number: 'YC-kiosk-dev-1-20261122-0012' });
  });

  it('refuses other codes, markup, extra parts and over-long numbers', () => {
    expect(parseCaseCode('https://example.com/x')).toEqual({ ok: false, problem: 'not-ours' });
    expect(parseCaseCode('<img src=x onerror=alert(1)>')).toEqual({ ok: false, problem: 'not-ours' });
    for (const bad of [
      'yichuang://case/<script>alert(1)</script>',
      'yichuang://case/YC-T1-20261122-0001?x=1',
      'yichuang://case/YC-T1-20261122-0001/../x',
      'yichuang://case/YC-T1-2026112-0001',
      'yichuang://case/ YC-T1-20261122-0001',
      `yichuang://case/YC-${'T'.repeat(30)}-20261122-0001`,
    ]) {
      expect(parseCaseCode(bad)).toEqual({ ok: false, problem: 'malformed' });
    }
  });
});

describe('finding applications', () => {
  const older = app('YC-T1-20261121-0001', ID_A, '2026-11-21T08:00:00.000Z');
  const newer = app('YC-T1-20261122-0001', ID_A, '2026-11-22T08:00:00.000Z');
  const other = app('YC-T1-20261122-0002', ID_B, '2026-11-22T09:00:00.000Z');

  it('by number finds exactly that one; by card the holder\'s, newest first', () => {
    expect(findApplications([older, newer, other], { by: 'number', applicationNumber: newer.applicationNumber })).toEqual([newer]);
    expect(findApplications([older, other, newer], { by: 'card', idNumber: ID_A, name: '张三丰' })).toEqual([newer, older]);
  });

  it('a purged application is found by the masks of the card holder, not by another card', () => {
    const purged = purgedApplication(older, '2026-11-23T00:00:00.000Z');
    expect(purged.applicant.idNumber).not.toBe(ID_A);
    expect(findApplications([purged], { by: 'card', idNumber: ID_A, name: '张三丰' })).toEqual([purged]);
    expect(findApplications([purged], { by: 'card', idNumber: '130105194912310039', name: '张三丰' })).toEqual([]);
  });
});

describe('query in the session', () => {
  it('a receipt QR on the attract screen opens its query; a foreign code a message; a card lists by holder', () => {
    const query = sessionTransition(INITIAL_SESSION, { type: 'scan', text: 'yichuang://case/YC-T1-20261122-0001' }, OPTIONS);
    expect(query).toEqual({ kind: 'query', lookup: { by: 'number', applicationNumber: 'YC-T1-20261122-0001' }, problem: null });
    const foreign = sessionTransition(query, { type: 'scan', text: 'hello' }, OPTIONS);
    expect(foreign).toMatchObject({ kind: 'query', problem: { kind: 'not-ours' }, lookup: { by: 'number' } });
    const opened = sessionTransition(INITIAL_SESSION, { type: 'open-query' }, OPTIONS);
    expect(opened).toEqual({ kind: 'query', lookup: null, problem: null });
    expect(sessionTransition(opened, { type: 'end' }, OPTIONS)).toEqual(INITIAL_SESSION);
  });
});
