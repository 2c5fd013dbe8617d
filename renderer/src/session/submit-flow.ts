// Submitting one application and printing its receipt, in the order ARCHITECTURE rule 4 demands:
//   0. its images (signature PNG, captured pages) stored by the host, durably, as attachments,
//   1. durable local insert (resolved = committed to IndexedDB), referencing them,
//   2. only then the screen may say "submitted" (submit-succeeded) and replication is kicked,
//   3. only then the host is asked to print; a failed print leaves the application submitted
//      and the screen shows the QR code instead.
import type { TerminalApi, TerminalInfo } from '../../../main/api/terminal-api.js';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { signedCommitment } from '../commitment/commitment-text.js';
import type { TerminalDatabase } from '../data/database.js';
import type { OfflineLimitBreach } from '../data/offline-limits.js';
import { recordTakenOverLimit } from '../data/over-limit.js';
import { submitApplication } from '../data/submit.js';
import { normalizeValues } from '../form/engine.js';
import { pendingAttachments, storeAttachments } from '../materials/attachments.js';
import { extrasForSubmit } from '../materials/extras.js';
import type { Locale } from '../i18n/translate.js';
import { buildReceipt, caseQrPayload } from '../receipt/receipt.js';
import type { SessionEvent, SessionState } from './machine.js';

export interface SubmitFlowDeps {
  readonly data: TerminalDatabase;
  readonly api: Pick<TerminalApi, 'printReceipt' | 'putAttachment' | 'recordApplicationEvent'>;
  readonly replication: { kick(): void };
  readonly info: Pick<TerminalInfo, 'terminalId' | 'displayName'>;
  readonly online: boolean;
  /**
   * The offline limit reached at the moment of submitting (checked then, not only before the service started),
   * or null. The application is taken all the same; staff are told (data/over-limit.ts).
   */
  readonly overLimit?: OfflineLimitBreach | null;
  readonly locale: Locale;
  /** The catalog the review page showed, for a bundle's included services' commitment clauses. */
  readonly catalog: readonly CatalogItem[];
  readonly dispatch: (event: SessionEvent) => void;
}

type Submittable = Extract<SessionState, { kind: 'review' | 'submit-failed' }>;

export async function runSubmission(state: Submittable, deps: SubmitFlowDeps): Promise<void> {
  const { service, card } = state;
  deps.dispatch({ type: 'submit' });
  let attachments;
  try {
    attachments = await storeAttachments(deps.api, pendingAttachments(service, state.values));
  } catch (error) {
    deps.dispatch({ type: 'submit-failed', reason: `attachments not stored: ${error instanceof Error ? error.name : 'unknown'}` });
    return;
  }
  if (!attachments.ok) {
    // Nothing is submitted: the person sees why (e.g. a page too large) and can capture again or retry.
    deps.dispatch({ type: 'submit-failed', reason: `attachment not stored: ${attachments.error.code}`, problem: attachments.error });
    return;
  }
  const result = await submitApplication(deps.data, {
    terminalId: deps.info.terminalId,
    serviceId: service.id,
    applicant: { name: card.name, idNumber: card.idNumber, cardType: card.cardType },
    // Materials decisions and the signed commitment travel with the form (materials/extras.ts).
    formData: { ...normalizeValues(service.form, state.values), ...extrasForSubmit(service, state.values) },
    attachments: attachments.value,
    // The commitment text as the review page showed it, with the application (what the person agreed to).
    commitment: signedCommitment(service, deps.catalog, state.values),
    offline: !deps.online,
  });
  if (!result.ok) {
    deps.dispatch({ type: 'submit-failed', reason: `${result.error.code}: ${result.error.detail}` });
    return;
  }
  const saved = result.value;
  deps.replication.kick();
  deps.dispatch({
    type: 'submit-succeeded',
    application: {
      applicationId: saved.applicationId,
      applicationNumber: saved.applicationNumber,
      qrPayload: caseQrPayload(saved.applicationNumber),
      submittedAt: saved.submittedAt,
      takenOffline: saved.takenOffline,
    },
  });
  // Taken over a limit reached while the person filled it in: they keep their receipt; staff are told.
  if (deps.overLimit) await tellStaffOverLimit(deps, saved, deps.overLimit);
  const receipt = buildReceipt({ ...saved, service, card, terminalName: deps.info.displayName, locale: deps.locale });
  try {
    const printed = await deps.api.printReceipt(receipt);
    deps.dispatch(
      printed.ok
        ? { type: 'print-succeeded', applicationId: saved.applicationId }
        : { type: 'print-failed', applicationId: saved.applicationId, error: printed.error },
    );
  } catch (error) {
    // Transport failure (host gone, timeout): the application is safe; show the QR code.
    console.warn('printReceipt failed', error instanceof Error ? error.name : error);
    deps.dispatch({ type: 'print-failed', applicationId: saved.applicationId, error: null });
  }
}

/** Marks the application for the staff corner and audits it; a failure here never undoes the submission. */
async function tellStaffOverLimit(deps: SubmitFlowDeps, saved: { applicationId: string; applicationNumber: string; submittedAt: string }, breach: OfflineLimitBreach): Promise<void> {
  try {
    await recordTakenOverLimit(deps.data, { id: saved.applicationId, applicationNumber: saved.applicationNumber, at: saved.submittedAt, limit: breach.kind });
  } catch (error) {
    console.warn('over-limit mark not stored', error instanceof Error ? error.name : error);
  }
  deps.api
    .recordApplicationEvent({
      event: 'over_offline_limit',
      applicationId: saved.applicationId,
      limit: breach.kind,
      waiting: breach.kind === 'count' ? breach.waiting : 0,
      oldestMinutes: breach.kind === 'age' ? breach.oldestMinutes : 0,
    })
    .catch(() => undefined);
}
