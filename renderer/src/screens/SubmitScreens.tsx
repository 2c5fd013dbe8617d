// Submitting → (failed | submitted) → done.
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import type { A4DocumentKind, PrintedA4 } from '../../../main/api/a4.js';
import type { Result, UserFacingError } from '../../../sync/protocol/result.js';
import { useI18n } from '../i18n/index.js';
import type { PrintState, SubmittedApplication } from '../session/machine.js';
import { RatingPanel, type RatingAnswer } from '../rating/RatingPanel.js';
import type { RatingSubject } from '../session/machine.js';
import { useCountdown, useFocusOnMount, useKeys } from '../ui/hooks.js';

export function SubmittingScreen() {
  const { t } = useI18n();
  return (
    <main className="screen screen--center" data-testid="submitting" aria-busy="true">
      <div className="spinner" aria-hidden="true" />
      <h1 role="status">{t('submitting.title')}</h1>
    </main>
  );
}

export function SubmitFailedScreen({
  reason,
  problem = null,
  onRetry,
  onBack,
}: {
  reason: string;
  /** A failure the person can act on (e.g. an image too large), in their language. */
  problem?: UserFacingError | null;
  onRetry: () => void;
  onBack: () => void;
}) {
  const { t, pick } = useI18n();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main className="screen screen--center" data-testid="submit-failed">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('submitFailed.title')}
      </h1>
      <p className="lead" role="alert">
        {t('submitFailed.hint')}
      </p>
      {problem && (
        <p className="notice notice--error" data-testid="submit-failed-problem">
          {pick(problem.message)}
        </p>
      )}
      <p className="detail" lang="en">
        {reason}
      </p>
      <div className="actions">
        <button type="button" className="button" data-testid="submit-failed-back" onClick={onBack}>
          {t('common.back')}
        </button>
        <button type="button" className="button button--primary" data-testid="submit-retry" onClick={onRetry}>
          {t('submitFailed.retry')}
        </button>
      </div>
    </main>
  );
}

/** The progress link as a QR image (data URL): shown when the receipt could not be printed. */
function QrImage({ payload, alt }: { payload: string; alt: string }) {
  const [url, setUrl] = useState<{ payload: string; url: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 360 }).then(
      (dataUrl) => {
        if (!cancelled) setUrl({ payload, url: dataUrl });
      },
      (error: unknown) => console.error('QR code failed', error),
    );
    return () => {
      cancelled = true;
    };
  }, [payload]);
  if (!url || url.payload !== payload) return <div className="qr qr--loading" aria-hidden="true" />;
  return <img className="qr" src={url.url} alt={alt} width={360} height={360} data-testid="receipt-qr" data-payload={payload} />;
}

export function SubmittedScreen({
  application,
  print,
  onFinish,
  a4,
}: {
  application: SubmittedApplication;
  print: PrintState;
  onFinish: () => void;
  /** Present when an A4 printer reports ready: one print action per A4 document offered. */
  a4?: A4Actions;
}) {
  const { t, pick } = useI18n();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useKeys((event) => {
    if (event.key === 'Enter' && print.kind !== 'printing') {
      onFinish();
      return true;
    }
    return false;
  });
  const failed = print.kind === 'failed';
  // One status element: under the number while printing or printed; beside it, with the QR code, when
  // the receipt could not be printed.
  const status = (
    <div className={`print${failed ? ' print--qr' : ''}`} data-testid="print-status" data-state={print.kind} role="status">
      {print.kind === 'printing' && <p>{t('submitted.printing')}</p>}
      {print.kind === 'printed' && <p className="print__ok">{t('submitted.printed')}</p>}
      {failed && (
        <>
          <p className="print__failed" data-testid="print-failed-message">
            {t('submitted.printFailed', { reason: print.error ? pick(print.error.message) : t('print.unknownFailure') })}
          </p>
          <QrImage payload={application.qrPayload} alt={t('submitted.qrAlt', { number: application.applicationNumber })} />
          <p className="print__hint">{t('submitted.qrHint')}</p>
        </>
      )}
    </div>
  );
  return (
    <main className={`screen submitted${failed ? ' submitted--with-qr' : ''}`} data-testid="submitted">
      <div className="submitted__main">
        <div className="tick" aria-hidden="true">
          ✓
        </div>
        <h1 ref={headingRef} tabIndex={-1}>
          {t('submitted.title')}
        </h1>
        {application.takenOffline && (
          <p className="notice notice--offline" data-testid="submitted-offline">
            {t('submitted.savedOffline')}
          </p>
        )}
        <p className="number">
          <span className="number__label">{t('submitted.numberLabel')}</span>
          <span className="number__value mono" data-testid="submitted-number">
            {application.applicationNumber}
          </span>
        </p>
        {!failed && status}
        <p className="lead">{t('submitted.takeCard')}</p>
        {a4 &&
          A4_ORDER.map((kind) => {
            const print = a4[kind];
            return print ? <A4PrintButton key={kind} kind={kind} print={print} /> : null;
          })}
        <div className="actions">
          <button type="button" className="button button--primary" data-testid="submitted-finish" onClick={onFinish}>
            {t('submitted.finish')}
          </button>
        </div>
      </div>
      {failed && status}
    </main>
  );
}

export type A4Actions = { readonly [K in A4DocumentKind]?: () => Promise<Result<PrintedA4, UserFacingError>> };
const A4_ORDER: readonly A4DocumentKind[] = ['receipt', 'application_form', 'commitment'];

function A4PrintButton({ kind, print }: { kind: A4DocumentKind; print: () => Promise<Result<PrintedA4, UserFacingError>> }) {
  const { t, pick } = useI18n();
  const document = t(`a4.kind.${kind}`);
  const [state, setState] = useState<{ kind: 'idle' | 'printing' } | { kind: 'printed'; pages: number } | { kind: 'failed'; reason: string }>({ kind: 'idle' });
  const run = async () => {
    setState({ kind: 'printing' });
    try {
      const result = await print();
      setState(result.ok ? { kind: 'printed', pages: result.value.pages } : { kind: 'failed', reason: pick(result.error.message) });
    } catch (error) {
      setState({ kind: 'failed', reason: error instanceof Error ? error.name : 'unknown' });
    }
  };
  return (
    <div className="a4-print">
      <button type="button" className="button" data-testid={`a4-print-${kind}`} disabled={state.kind === 'printing'} onClick={() => void run()}>
        {t('submitted.printA4', { document })}
      </button>
      <p role="status" data-testid={`a4-print-status-${kind}`} data-state={state.kind}>
        {state.kind === 'printing' && t('submitted.a4Printing', { document })}
        {state.kind === 'printed' && t('submitted.a4Printed', { document, pages: state.pages })}
        {state.kind === 'failed' && t('submitted.a4Failed', { document, reason: state.reason })}
      </p>
    </div>
  );
}

export const DONE_SECONDS = 8;
/** With a rating offered, a little longer: time to read the five levels. */
export const DONE_WITH_RATING_SECONDS = 12;

export function DoneScreen({
  onHome,
  rating = null,
  keypad = false,
  onRate,
}: {
  onHome: () => void;
  /** What to rate; null: nothing to rate (the screen only says goodbye). */
  rating?: RatingSubject | null;
  keypad?: boolean;
  onRate?: (answer: RatingAnswer) => void;
}) {
  const { t } = useI18n();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [asking, setAsking] = useState(false);
  const [rated, setRated] = useState(false);
  const offerRating = rating !== null && !!onRate && !rated;
  return (
    <main className="screen screen--center" data-testid="done">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('done.title')}
      </h1>
      {/* The countdown holds while the person says why; it starts again after the thanks. */}
      {!asking && <DoneCountdown key={String(rated)} seconds={offerRating ? DONE_WITH_RATING_SECONDS : DONE_SECONDS} onHome={onHome} anyKeyGoesHome={!offerRating} />}
      {rated && (
        <p className="notice" role="status" data-testid="rating-thanks">
          {t('rating.thanks')}
        </p>
      )}
      {offerRating && (
        <RatingPanel
          keypad={keypad}
          onAsking={setAsking}
          onRate={(answer) => {
            onRate(answer);
            setAsking(false);
            setRated(true);
          }}
          onSkip={onHome}
        />
      )}
      <div className="actions">
        <button type="button" className="button button--primary" data-testid="done-home" onClick={onHome}>
          {t('common.home')}
        </button>
      </div>
    </main>
  );
}

function DoneCountdown({ seconds: total, onHome, anyKeyGoesHome }: { seconds: number; onHome: () => void; anyKeyGoesHome: boolean }) {
  const { t } = useI18n();
  const seconds = useCountdown(total, onHome);
  useKeys(() => {
    if (!anyKeyGoesHome) return false;
    onHome();
    return true;
  });
  return <p className="lead">{t('done.hint', { seconds })}</p>;
}
