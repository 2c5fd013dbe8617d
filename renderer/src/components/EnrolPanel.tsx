// Staff re-enrol the terminal when the platform no longer knows it (401 unknown_terminal) or revoked it: a
// new one-time code from platform support, typed here. The applications waiting on the terminal are kept and
// go out with the new credential.
import { useState } from 'react';
import type { Result, UserFacingError } from '../../../sync/protocol/result.js';
import { useI18n } from '../i18n/index.js';

/** The replication's last error says the platform refuses this terminal's credential for good. */
export function needsEnrolment(lastError: string | null): boolean {
  return lastError !== null && /\b401 (unknown_terminal|revoked)\b/.test(lastError);
}

/**
 * Platform codes are five groups of four ("7KQX-M2PA-…", case-insensitive). The on-screen keyboard has no
 * dash, so twenty letters and digits typed without them get them back; anything else goes as typed.
 */
export function normaliseEnrolmentCode(typed: string): string {
  const trimmed = typed.trim();
  if (trimmed.includes('-')) return trimmed;
  const compact = trimmed.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z0-9]{20}$/.test(compact) ? (compact.match(/.{4}/g) ?? []).join('-') : trimmed;
}

export type Enrol = (code: string) => Promise<Result<{ readonly enrolledAt: string }, UserFacingError>>;

export function EnrolPanel({ onEnrol }: { onEnrol: Enrol }) {
  const { t, pick } = useI18n();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true } | { ok: false; message: string } | null>(null);
  const submit = async () => {
    setBusy(true);
    try {
      const r = await onEnrol(normaliseEnrolmentCode(code));
      setOutcome(r.ok ? { ok: true } : { ok: false, message: pick(r.error.message) });
      if (r.ok) setCode('');
    } catch {
      setOutcome({ ok: false, message: t('enrol.failed') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="connectivity__enrol" data-testid="enrol-needed" role="alert">
      <strong>{t('enrol.needed')}</strong> <span>{t('enrol.queueKept')}</span>
      {!open ? (
        <button type="button" className="button button--quiet" data-testid="enrol-open" onClick={() => setOpen(true)}>
          {t('enrol.enterCode')}
        </button>
      ) : (
        <form
          className="connectivity__enrol-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy && code.trim().length >= 12) void submit();
          }}
        >
          <label htmlFor="enrol-code">{t('enrol.codeLabel')}</label>
          <input
            id="enrol-code"
            className="input"
            data-testid="enrol-code"
            data-keyboard="letters"
            autoComplete="off"
            spellCheck={false}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="button" data-testid="enrol-submit" disabled={busy || code.trim().length < 12}>
            {t('enrol.submit')}
          </button>
        </form>
      )}
      {outcome && (
        <p data-testid="enrol-outcome" data-ok={outcome.ok}>
          {outcome.ok ? t('enrol.done') : outcome.message}
        </p>
      )}
    </div>
  );
}
