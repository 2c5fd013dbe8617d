// 办件查询 online (pure): the terminal's own copies merged with what the platform answered for the same
// lookup. The platform knows the person's applications from every terminal and the freshest statuses; the
// terminal's copies are what it can show when the platform cannot be reached. One row per application id.
import type { ProgressItem } from '../../../sync/protocol/progress-query.js';
import { findApplications, lastUpdated, type QueryableApplication, type QueryLookup } from './find.js';

export interface ProgressRow {
  readonly id: string;
  readonly applicationNumber: string;
  readonly serviceId: string;
  readonly submittedAt: string;
  readonly status: QueryableApplication['status'];
  readonly statusNote: string;
  readonly statusUpdatedAt: string;
  /** Where the shown status comes from: the platform's answer just now, or this terminal's copy. */
  readonly source: 'platform' | 'terminal';
}

/** The platform's answer for a lookup: absent while asking or when it could not be asked. */
export type PlatformAnswer = { readonly kind: 'answered'; readonly items: readonly ProgressItem[] } | { readonly kind: 'none' };

const fromTerminal = (a: QueryableApplication): ProgressRow => ({
  id: a.id,
  applicationNumber: a.applicationNumber,
  serviceId: a.serviceId,
  submittedAt: a.submittedAt,
  status: a.status,
  statusNote: a.statusNote,
  statusUpdatedAt: a.statusUpdatedAt,
  source: 'terminal',
});

/**
 * Local matches for the lookup, plus the platform's items. For an application both know, the platform's
 * status is shown unless the terminal's copy is newer (a change pulled after the platform answered).
 */
export function mergeProgress(local: readonly QueryableApplication[], lookup: QueryLookup, answer: PlatformAnswer): ProgressRow[] {
  const rows = new Map<string, ProgressRow>(findApplications(local, lookup).map((a) => [a.id, fromTerminal(a)]));
  if (answer.kind === 'answered') {
    for (const item of answer.items) {
      const mine = rows.get(item.id);
      if (mine && lastUpdated(mine) > lastUpdated(item)) continue;
      rows.set(item.id, { ...item, source: 'platform' });
    }
  }
  return [...rows.values()].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
}
