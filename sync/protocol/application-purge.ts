// Purging an acknowledged application's personal data from the terminal (ARCHITECTURE rule 5), as a
// contract both the terminal's data layer (which purges) and sync/client (which must never push a purged
// copy, and masks what it pulls for one) agree on. Purging is LOCAL ONLY: the platform keeps the record.
//
// The marker lives inside `applicant` (an encrypted, free-form object in the RxDB schema), so purging
// needs no schema version or migration. What stays is what a progress query needs: number, service,
// status and its note, dates, and the masked name and ID number.
import type { ApplicationDoc } from './application.js';
import { maskIdNumber, maskName } from './id-numbers.js';

export interface PurgedApplicant {
  name: string;
  idNumber: string;
  cardType: ApplicationDoc['applicant']['cardType'];
  /** When this terminal purged the personal fields (its own clock). */
  purgedAt: string;
}

export function isPurgedApplication(doc: unknown): boolean {
  const applicant = (doc as { applicant?: { purgedAt?: unknown } } | null)?.applicant;
  return typeof applicant?.purgedAt === 'string';
}

/** The doc with personal fields removed or masked; status fields untouched. Idempotent. */
export function purgedApplication<T extends Pick<ApplicationDoc, 'applicant' | 'formData'>>(
  doc: T,
  purgedAt: string,
): T {
  if (isPurgedApplication(doc)) return doc;
  const applicant: PurgedApplicant = {
    name: maskName(doc.applicant.name),
    idNumber: maskIdNumber(doc.applicant.idNumber),
    cardType: doc.applicant.cardType,
    purgedAt,
  };
  return { ...doc, applicant: applicant as unknown as T['applicant'], formData: {} };
}
