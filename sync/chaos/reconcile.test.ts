// The reconciliation must catch what it is there to catch, or a green chaos run means nothing.
import { describe, expect, it } from 'vitest';
import type { ApplicationDoc } from '../protocol/application.js';
import { reconcile } from './reconcile.js';
import { syntheticApplication } from './synthetic-application.js';

const onPlatform = (doc: ApplicationDoc, status: ApplicationDoc['status'] = 'received'): ApplicationDoc => ({
  ...doc,
  status,
});

describe('reconcile', () => {
  const a = syntheticApplication('T-1');
  const b = syntheticApplication('T-1');

  it('passes when both sides agree', () => {
    const r = reconcile(
      [{ terminalId: 'T-1', submitted: new Set([a.id]), local: [onPlatform(a)] }],
      [onPlatform(a)],
      new Map(),
    );
    expect(r.problems).toEqual([]);
  });

  it('reports lost, never-arrived, duplicated, altered and stale-status applications', () => {
    const altered = { ...onPlatform(a), formData: { ...a.formData, phone: '13900000000' } };
    const r = reconcile(
      [{ terminalId: 'T-1', submitted: new Set([a.id, b.id, 'gone']), local: [altered, onPlatform(b)] }],
      [onPlatform(a, 'accepted'), { ...onPlatform(a), id: 'other', applicationNumber: a.applicationNumber }],
      new Map([[a.id, 'completed']]),
    );
    const text = r.problems.join('\n');
    expect(text).toContain('lost on the terminal');
    expect(text).toContain(`never reached the platform: ${b.id}`);
    expect(text).toContain('duplicate application number');
    expect(text).toContain('content differs');
    expect(text).toContain('status received on the terminal, accepted on the platform');
    expect(text).toContain('operator change to completed missing');
  });

  it('reports an application still queued after healing', () => {
    const r = reconcile(
      [{ terminalId: 'T-1', submitted: new Set([a.id]), local: [a] }],
      [onPlatform(a)],
      new Map(),
    );
    expect(r.problems.join('\n')).toContain('still queued');
  });

  it('reports an attachment the platform lacks or serves with other bytes, and a terminal whose reference differs', () => {
    const ref = (c: string) => ({ sha256: c.repeat(64), size: 10, mediaType: 'image/png' as const, kind: 'signature' as const });
    const withSig = { ...onPlatform(a), schemaVersion: 2 as const, attachments: [ref('a')] };
    const withOther = { ...onPlatform(b), schemaVersion: 2 as const, attachments: [ref('b')] };
    const ok = reconcile([], [withSig], new Map(), new Map([['a'.repeat(64), 'a'.repeat(64)]]));
    expect(ok).toMatchObject({ problems: [], attachments: 1 });
    const r = reconcile(
      [{ terminalId: 'T-1', submitted: new Set([a.id]), local: [{ ...withSig, attachments: [ref('c')] }] }],
      [withSig, withOther],
      new Map(),
      new Map([
        ['a'.repeat(64), 'f'.repeat(64)],
        ['b'.repeat(64), null],
      ]),
    );
    const text = r.problems.join('\n');
    expect(text).toContain(`attachment ${'a'.repeat(64)} of ${a.id}: the platform serves bytes hashing to ${'f'.repeat(64)}`);
    expect(text).toContain(`attachment ${'b'.repeat(64)} of ${b.id} is not on the platform`);
    expect(text).toContain(`content differs from the platform's copy: ${a.id}`);
  });
});
