// The session state machine: one citizen's visit from the attract screen back to it.
// Pure (state, event) -> state; the React shell performs the effects (insert, print, timers) and feeds
// their outcomes back as events. Personal data lives only in states between Identify and Done; the
// 'attract' and 'done' states hold none, so ending a session drops it.
import type { CardIdentity } from '../../../main/api/devices.js';
import type { CatalogItem, IdentificationMethod } from '../../../sync/protocol/catalog.js';
import type { UserFacingError } from '../../../sync/protocol/result.js';
import { prefillValues, type FormValues } from '../form/engine.js';
import { parseCaseCode } from '../query/case-code.js';
import type { QueryLookup } from '../query/find.js';

export type CardProblem =
  | { readonly kind: 'expired' }
  | { readonly kind: 'wrong-type'; readonly accepted: CatalogItem['acceptsCardTypes'] }
  | { readonly kind: 'invalid-number' }
  /** The person identified in a way this service does not accept (e.g. a typed number, an identity QR). */
  | { readonly kind: 'method-not-allowed'; readonly method: IdentificationMethod; readonly allowed: CatalogItem['identification'] }
  | { readonly kind: 'read-error'; readonly error: UserFacingError };

export type PrintState =
  | { readonly kind: 'printing' }
  | { readonly kind: 'printed' }
  | { readonly kind: 'failed'; readonly error: UserFacingError | null };

export interface SubmittedApplication {
  readonly applicationId: string;
  readonly applicationNumber: string;
  readonly qrPayload: string;
  readonly submittedAt: string;
  readonly takenOffline: boolean;
}

export type SessionState =
  | { readonly kind: 'attract' }
  /** card: a card placed before a service was chosen (people do that); used when it fits the service. */
  | { readonly kind: 'services'; readonly card: CardIdentity | null }
  | {
      readonly kind: 'identify';
      readonly service: CatalogItem;
      readonly problem: CardProblem | null;
    }
  | { readonly kind: 'form'; readonly service: CatalogItem; readonly card: CardIdentity; readonly values: FormValues }
  | { readonly kind: 'review'; readonly service: CatalogItem; readonly card: CardIdentity; readonly values: FormValues }
  | { readonly kind: 'submitting'; readonly service: CatalogItem; readonly card: CardIdentity; readonly values: FormValues }
  | {
      readonly kind: 'submit-failed';
      readonly service: CatalogItem;
      readonly card: CardIdentity;
      readonly values: FormValues;
      readonly reason: string;
      /** What the person can do about it, when it is theirs to fix (e.g. an image too large: capture it again). */
      readonly problem?: UserFacingError | null;
    }
  | {
      readonly kind: 'submitted';
      readonly service: CatalogItem;
      /** Kept only to lay out the receipt; dropped at 'done'. */
      readonly card: CardIdentity;
      /** Kept only for the A4 application form; dropped at 'done'. */
      readonly values: FormValues;
      readonly application: SubmittedApplication;
      readonly print: PrintState;
    }
  /** rating: what the 好差评 on this screen is about (ids only: no personal data). */
  | { readonly kind: 'done'; readonly rating: RatingSubject | null }
  /** 办件查询: lookup null = waiting for a receipt QR or a card; problem = the last scan could not be used. */
  | { readonly kind: 'query'; readonly lookup: QueryLookup | null; readonly problem: QueryProblem | null };

/** Why a scan did not start a query. The scanned text itself is never kept or shown. */
export type QueryProblem =
  | { readonly kind: 'not-ours' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'scan-error'; readonly error: UserFacingError };

export interface RatingSubject {
  readonly serviceId: string;
  readonly applicationId: string;
}

export type SessionKind = SessionState['kind'];

export type SessionEvent =
  | { readonly type: 'start' }
  | { readonly type: 'choose-service'; readonly service: CatalogItem }
  | { readonly type: 'card-present'; readonly card: CardIdentity }
  | { readonly type: 'card-error'; readonly error: UserFacingError }
  | { readonly type: 'card-removed' }
  /** An ID number and name typed on the identify screen (already checked: identity/typed-identity.ts). */
  | { readonly type: 'identity-typed'; readonly identity: CardIdentity }
  | { readonly type: 'change-field'; readonly key: string; readonly value: string }
  /** Materials decisions and the signature: keys beginning with '_' only (materials/extras.ts). */
  | { readonly type: 'set-extra'; readonly key: string; readonly value: string }
  /** The shell validated the form and found nothing to fix. */
  | { readonly type: 'form-complete' }
  | { readonly type: 'back' }
  | { readonly type: 'submit' }
  | { readonly type: 'submit-succeeded'; readonly application: SubmittedApplication }
  | { readonly type: 'submit-failed'; readonly reason: string; readonly problem?: UserFacingError }
  /** Print outcomes name their application: a late answer never lands on another session. */
  | { readonly type: 'print-succeeded'; readonly applicationId: string }
  | { readonly type: 'print-failed'; readonly applicationId: string; readonly error: UserFacingError | null }
  | { readonly type: 'finish' }
  /** 办件查询 chosen on the attract screen. */
  | { readonly type: 'open-query' }
  /** A scanner line (untrusted text) and a refused scan. */
  | { readonly type: 'scan'; readonly text: string }
  | { readonly type: 'scan-error'; readonly error: UserFacingError }
  /** Idle timeout, "cancel", or card removal when so configured: drop everything. */
  | { readonly type: 'end' };

export interface SessionOptions {
  readonly endSessionOnCardRemoval: boolean;
}

export const INITIAL_SESSION: SessionState = { kind: 'attract' };

/** How an identity was established: the card reader unless the renderer derived it from a QR or typing. */
export function identificationMethodOf(card: CardIdentity): IdentificationMethod {
  return card.identifiedBy ?? 'card';
}

/** Checks a card against a service; null when it can be used. */
export function cardProblemFor(service: CatalogItem, card: CardIdentity): CardProblem | null {
  const method = identificationMethodOf(card);
  if (!service.identification.includes(method)) return { kind: 'method-not-allowed', method, allowed: service.identification };
  if (card.expired) return { kind: 'expired' };
  if (!service.acceptsCardTypes.includes(card.cardType)) return { kind: 'wrong-type', accepted: service.acceptsCardTypes };
  if (!card.idNumberValid) return { kind: 'invalid-number' };
  return null;
}

function toForm(service: CatalogItem, card: CardIdentity): SessionState {
  return { kind: 'form', service, card, values: prefillValues(service.form, card) };
}

/** States in which a citizen is in the middle of something (idle timeout applies). */
export function isActive(state: SessionState): boolean {
  return state.kind !== 'attract';
}

/** States whose personal data the card-removal rule protects. */
const CARD_BOUND: ReadonlySet<SessionKind> = new Set(['form', 'review', 'submit-failed']);

/** A scan on the attract or query screen: a receipt QR opens its query; anything else a plain message. */
function queryFromScan(text: string, previous: QueryLookup | null): SessionState {
  const code = parseCaseCode(text);
  if (code.ok) return { kind: 'query', lookup: { by: 'number', applicationNumber: code.number }, problem: null };
  return { kind: 'query', lookup: previous, problem: { kind: code.problem } };
}

export function sessionTransition(state: SessionState, event: SessionEvent, options: SessionOptions): SessionState {
  if (event.type === 'end') return state.kind === 'submitting' ? state : INITIAL_SESSION;

  switch (state.kind) {
    case 'attract':
      if (event.type === 'start') return { kind: 'services', card: null };
      if (event.type === 'card-present') return { kind: 'services', card: event.card };
      if (event.type === 'open-query') return { kind: 'query', lookup: null, problem: null };
      if (event.type === 'scan') return queryFromScan(event.text, null);
      if (event.type === 'scan-error') return { kind: 'query', lookup: null, problem: { kind: 'scan-error', error: event.error } };
      return state;

    case 'query':
      if (event.type === 'scan') return queryFromScan(event.text, state.lookup);
      if (event.type === 'scan-error') return { ...state, problem: { kind: 'scan-error', error: event.error } };
      if (event.type === 'card-present') {
        return { kind: 'query', lookup: { by: 'card', idNumber: event.card.idNumber, name: event.card.name }, problem: null };
      }
      if (event.type === 'back' || event.type === 'finish') return INITIAL_SESSION;
      return state;

    case 'services':
      if (event.type === 'choose-service') {
        const card = state.card;
        if (!card) return { kind: 'identify', service: event.service, problem: null };
        const problem = cardProblemFor(event.service, card);
        return problem ? { kind: 'identify', service: event.service, problem } : toForm(event.service, card);
      }
      if (event.type === 'card-present') return { ...state, card: event.card };
      if (event.type === 'card-removed') return { ...state, card: null };
      if (event.type === 'back') return INITIAL_SESSION;
      return state;

    case 'identify':
      if (event.type === 'card-present') {
        const problem = cardProblemFor(state.service, event.card);
        return problem ? { ...state, problem } : toForm(state.service, event.card);
      }
      if (event.type === 'identity-typed' && event.identity.identifiedBy === 'typed') {
        const problem = cardProblemFor(state.service, event.identity);
        return problem ? { ...state, problem } : toForm(state.service, event.identity);
      }
      if (event.type === 'card-error') return { ...state, problem: { kind: 'read-error', error: event.error } };
      // Taking a wrong card away is the way forward: clear the message and wait for the next one.
      if (event.type === 'card-removed') return { ...state, problem: null };
      if (event.type === 'back') return { kind: 'services', card: null };
      return state;

    case 'form':
      if (event.type === 'change-field') return { ...state, values: { ...state.values, [event.key]: event.value } };
      if (event.type === 'set-extra' && event.key.startsWith('_')) return { ...state, values: { ...state.values, [event.key]: event.value } };
      if (event.type === 'form-complete') return { ...state, kind: 'review' };
      // The card was read already: choosing another service goes straight to its form.
      if (event.type === 'back') return { kind: 'services', card: state.card };
      break;

    case 'review':
      if (event.type === 'submit') return { ...state, kind: 'submitting' };
      if (event.type === 'set-extra' && event.key.startsWith('_')) return { ...state, values: { ...state.values, [event.key]: event.value } };
      if (event.type === 'back') return { ...state, kind: 'form' };
      break;

    case 'submitting':
      if (event.type === 'submit-succeeded') {
        return {
          kind: 'submitted',
          service: state.service,
          card: state.card,
          values: state.values,
          application: event.application,
          print: { kind: 'printing' },
        };
      }
      if (event.type === 'submit-failed') return { ...state, kind: 'submit-failed', reason: event.reason, problem: event.problem ?? null };
      // Nothing interrupts a write in progress: not the card, not the clock.
      return state;

    case 'submit-failed':
      if (event.type === 'submit') {
        return { kind: 'submitting', service: state.service, card: state.card, values: state.values };
      }
      if (event.type === 'back') return { kind: 'review', service: state.service, card: state.card, values: state.values };
      break;

    case 'submitted':
      if (event.type === 'print-succeeded' || event.type === 'print-failed') {
        if (event.applicationId !== state.application.applicationId) return state;
        return {
          ...state,
          print: event.type === 'print-succeeded' ? { kind: 'printed' } : { kind: 'failed', error: event.error },
        };
      }
      if (event.type === 'finish') return { kind: 'done', rating: { serviceId: state.service.id, applicationId: state.application.applicationId } };
      // Taking the card after submitting is expected, never an interruption.
      return state;

    case 'done':
      if (event.type === 'finish' || event.type === 'start') return INITIAL_SESSION;
      // The next person is already placing a card: start their session with it.
      if (event.type === 'card-present') return { kind: 'services', card: event.card };
      return state;
  }

  if (event.type === 'card-removed' && options.endSessionOnCardRemoval && CARD_BOUND.has(state.kind)) {
    return INITIAL_SESSION;
  }
  return state;
}
