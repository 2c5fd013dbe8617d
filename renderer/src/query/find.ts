// Progress query over the terminal's own applications collection (pure). A purged application keeps only
// the masked name and ID number (sync/protocol/application-purge.ts), so a card matches it when both masks
// agree — two people with the same masked forms would see each other's number and status (no personal data
// beyond that remains in a purged copy).
import type { ApplicationStatus } from '../../../sync/protocol/application.js';
import { isPurgedApplication } from '../../../sync/protocol/application-purge.js';
import { maskIdNumber, maskName } from '../../../sync/protocol/id-numbers.js';
import type { MessageKey } from '../i18n/index.js';

export type QueryLookup =
  | { readonly by: 'number'; readonly applicationNumber: string }
  | { readonly by: 'card'; readonly idNumber: string; readonly name: string };

export interface QueryableApplication {
  readonly id: string;
  readonly applicationNumber: string;
  readonly serviceId: string;
  readonly applicant: { readonly name: string; readonly idNumber: string };
  readonly submittedAt: string;
  readonly status: ApplicationStatus;
  readonly statusNote: string;
  readonly statusUpdatedAt: string;
}

export function matchesLookup(app: QueryableApplication, lookup: QueryLookup): boolean {
  if (lookup.by === 'number') return app.applicationNumber === lookup.applicationNumber;
  if (isPurgedApplication(app)) {
    return app.applicant.idNumber === maskIdNumber(lookup.idNumber) && app.applicant.name === maskName(lookup.name);
  }
  return app.applicant.idNumber.toUpperCase() === lookup.idNumber.toUpperCase();
}

/** Newest first. */
export function findApplications<T extends QueryableApplication>(apps: readonly T[], lookup: QueryLookup): T[] {
  return apps.filter((a) => matchesLookup(a, lookup)).sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
}

export const STATUS_MESSAGE: Record<ApplicationStatus, MessageKey> = {
  queued: 'query.status.queued',
  received: 'query.status.received',
  accepted: 'query.status.accepted',
  correction_needed: 'query.status.correction_needed',
  in_progress: 'query.status.in_progress',
  completed: 'query.status.completed',
  rejected: 'query.status.rejected',
};

/** When the shown status was last known to be current: the status change, else the submission. */
export function lastUpdated(app: Pick<QueryableApplication, 'statusUpdatedAt' | 'submittedAt'>): string {
  return app.statusUpdatedAt || app.submittedAt;
}
