// Held applications in the staff corner: each with its application number, the reason in plain words (zh/en;
// the platform's own message beneath, for support), and two staff actions: send it again once the cause is fixed
// (re-enrolled, the platform's limit raised), or hand it over to the counter (marked, kept, never deleted).
// No personal data: numbers and reasons only.
import { useState } from 'react';
import type { HeldApplication, ResendOutcome } from '../data/replication.js';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/translate.js';

/** The plain-words reason for a held application's refusal code (held-applications.ts, sync/client). */
export function heldReasonKey(h: Pick<HeldApplication, 'code' | 'status'>): MessageKey {
  switch (h.code) {
    case 'invalid_document':
    case 'bad_request':
    case 'invalid_request':
      return 'held.reason.invalid';
    case 'terminal_mismatch':
      return 'held.reason.otherTerminal';
    case 'id_taken':
      return 'held.reason.idTaken';
    case 'too_large':
      return 'held.reason.tooLarge';
    case 'attachment_mismatch':
      return 'held.reason.attachmentMismatch';
    case 'attachment_too_large':
      return 'held.reason.attachmentTooLarge';
    case 'attachment_unsupported_media_type':
      return 'held.reason.attachmentType';
    case 'attachment_hash_mismatch':
      return 'held.reason.attachmentDamaged';
    case 'attachment_gone':
      return 'held.reason.attachmentGone';
    default:
      return h.code.startsWith('attachment_') ? 'held.reason.attachmentOther' : 'held.reason.other';
  }
}

export type Resend = (id: string) => Promise<ResendOutcome>;
export type HandOver = (id: string) => Promise<unknown>;

type Outcome = ResendOutcome['kind'] | 'failed';

export function HeldList({ held, onResend, onHandOver }: { held: readonly HeldApplication[]; onResend?: Resend; onHandOver?: HandOver }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  // The last resend's outcome, shown above the list: a sent application leaves the list at once.
  const [last, setLast] = useState<{ readonly number: string; readonly outcome: Outcome } | null>(null);
  const run = async (h: HeldApplication, action: () => Promise<Outcome | null>) => {
    setBusy(h.id);
    try {
      const outcome = await action();
      setLast(outcome === null ? null : { number: h.applicationNumber, outcome });
    } catch {
      setLast({ number: h.applicationNumber, outcome: 'failed' });
    } finally {
      setBusy(null);
    }
  };
  const handedOver = held.filter((h) => h.handedOverAt !== undefined).length;
  const outcome = last && (
    <p role="status" className="connectivity__held-outcome" data-testid="held-outcome" data-outcome={last.outcome}>
      <span className="connectivity__held-number">{last.number}</span> {t(`held.outcome.${last.outcome}`)}
    </p>
  );
  // The last one sent again leaves the list: its outcome stays in view.
  if (held.length === 0) return outcome || null;
  return (
    <details className="connectivity__held" data-testid="connectivity-held" open={last !== null || undefined}>
      <summary data-testid="connectivity-held-summary">
        {t('status.held', { count: held.length })}
        {handedOver > 0 && <> · {t('held.handedOverCount', { count: handedOver })}</>}
      </summary>
      {outcome}
      <ul data-testid="held-list">
        {held.map((h) => (
          <li key={h.id} data-testid={`held-${h.id}`} data-code={h.code} data-handed-over={h.handedOverAt !== undefined}>
            <span className="connectivity__held-number">{h.applicationNumber}</span>{' '}
            <span data-testid={`held-reason-${h.id}`}>{t(heldReasonKey(h), { status: h.status, code: h.code })}</span>
            <br />
            <small className="connectivity__held-detail" lang="en">
              {t('status.heldReason', { status: h.status, code: h.code })} {h.reason}
            </small>
            {h.handedOverAt !== undefined && (
              <p className="connectivity__held-mark" data-testid={`held-handed-over-${h.id}`}>
                {t('held.handedOver', { time: h.handedOverAt.slice(0, 16).replace('T', ' ') })}
              </p>
            )}
            <div className="connectivity__held-actions">
              {onResend && (
                <button
                  type="button"
                  className="button button--quiet"
                  data-testid={`held-resend-${h.id}`}
                  disabled={busy !== null}
                  onClick={() => void run(h, async () => (await onResend(h.id)).kind)}
                >
                  {t('held.resend')}
                </button>
              )}
              {onHandOver && h.handedOverAt === undefined && (
                <button
                  type="button"
                  className="button button--quiet"
                  data-testid={`held-handover-${h.id}`}
                  disabled={busy !== null}
                  onClick={() =>
                    void run(h, async () => {
                      await onHandOver(h.id);
                      return null;
                    })
                  }
                >
                  {t('held.handOver')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <p className="connectivity__held-hint">{t('status.heldHint')}</p>
    </details>
  );
}
