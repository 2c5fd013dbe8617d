import type { BootState } from '../runtime/boot.js';
import { useI18n } from '../i18n/index.js';

/** Before the terminal is ready: never a blank page. */
export function BootScreen({ state }: { state: Exclude<BootState, { phase: 'ready' }> }) {
  const { t } = useI18n();
  if (state.phase === 'failed') {
    return (
      <main className="screen screen--center" data-testid="boot-failed">
        <h1>{t('boot.failed')}</h1>
        <p className="lead">{t('boot.failedHint')}</p>
        <p className="detail" lang="en">
          {state.reason}
        </p>
        <div className="actions">
          <button type="button" className="button button--primary" data-testid="boot-retry" onClick={() => window.location.reload()}>
            {t('boot.retry')}
          </button>
        </div>
      </main>
    );
  }
  const attempt = state.phase === 'connecting' ? (state.connection?.attempt ?? 0) : 0;
  return (
    <main className="screen screen--center" data-testid="boot-connecting" aria-busy="true">
      <div className="spinner" aria-hidden="true" />
      <h1 role="status">{state.phase === 'opening-data' ? t('boot.openingData') : t('boot.connecting')}</h1>
      <p className="lead">{t('boot.connectingHint')}</p>
      {attempt > 0 && <p className="detail">{t('boot.retrying', { attempt })}</p>}
    </main>
  );
}
