import { describe, expect, it } from 'vitest';
import type { ProgressItem } from '../../../sync/protocol/progress-query.js';
import type { QueryableApplication } from './find.js';
import { mergeProgress } from './merge.js';

const ME = '11010519491231002X';
const local = (id: string, number: string, over: Partial<QueryableApplication> = {}): QueryableApplication => ({
  id,
  applicationNumber: number,
  serviceId: 'svc-a',
  applicant: { name: '张三丰', idNumber: ME },
  submittedAt: '2026-11-20T02:00:00.000Z',
  status: 'received',
  statusNote: '',
  statusUpdatedAt: '2026-11-20T02:01:00.000Z',
  ...over,
});
const remote = (id: string, number: string, over: Partial<ProgressItem> = {}): ProgressItem => ({
  id,
  applicationNumber: number,
  serviceId: 'svc-a',
  submittedAt: '2026-11-20T02:00:00.000Z',
  status: 'in_progress',
  statusNote: '材料审核中',
  statusUpdatedAt: '2026-11-21T09:00:00.000Z',
  ...over,
});

describe('progress query: terminal copies merged with the platform answer', () => {
  const byCard = { by: 'card', idNumber: ME, name: '张三丰' } as const;

  it('shows the platform’s fresher status, and applications from other terminals, newest first, once each', () => {
    const rows = mergeProgress(
      [local('a', 'YC-T1-20261120-0001')],
      byCard,
      { kind: 'answered', items: [remote('a', 'YC-T1-20261120-0001'), remote('b', 'YC-T2-20261121-0001', { submittedAt: '2026-11-21T02:00:00.000Z' })] },
    );
    expect(rows.map((r) => [r.id, r.status, r.source])).toEqual([
      ['b', 'in_progress', 'platform'],
      ['a', 'in_progress', 'platform'],
    ]);
  });

  it('keeps the terminal copy when it is newer than the answer, and shows only local copies without an answer', () => {
    const newer = local('a', 'YC-T1-20261120-0001', { status: 'completed', statusUpdatedAt: '2026-11-22T00:00:00.000Z' });
    expect(mergeProgress([newer], byCard, { kind: 'answered', items: [remote('a', 'YC-T1-20261120-0001')] })[0]).toMatchObject({ status: 'completed', source: 'terminal' });
    expect(mergeProgress([newer, local('x', 'YC-T1-20261120-0002', { applicant: { name: '李四', idNumber: '110105194912310037' } })], byCard, { kind: 'none' }).map((r) => r.id)).toEqual(['a']);
  });
});
