// Developer panel: only mounted when TerminalInfo.simulation is true. Drives the simulated devices
// through the same TerminalApi the host exposes for them.
import { useCallback, useEffect, useState } from 'react';
import type { DeviceStatusReport, SimulatedDocumentKind } from '../../../main/api/devices.js';
import type { SimulatedIdentitySummary, SimulatedReceipt, TerminalApi } from '../../../main/api/terminal-api.js';
import type { Result, UserFacingError } from '../../../sync/protocol/result.js';
import { useI18n } from '../i18n/index.js';

/** Simulated devices on a pty pair, which the host can unplug and plug back in. */
const PLUGGABLE: ReadonlySet<string> = new Set(['id-card', 'receipt-printer', 'qr-scanner']);

const SIMULATED_DOCUMENTS: readonly SimulatedDocumentKind[] = [
  'id_card_copy',
  'business_licence',
  'passport_page',
  'exit_entry_permit',
  'id_card_copy_wrong_check',
];

export function DevPanel({
  api,
  devices,
  sessionEnded,
}: {
  api: TerminalApi;
  devices: readonly DeviceStatusReport[];
  /** True on the attract screen: the panel closes, so nothing of the last session stays on screen. */
  sessionEnded: boolean;
}) {
  const { t, pick } = useI18n();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (sessionEnded) setOpen(false);
  }, [sessionEnded]);
  const [identities, setIdentities] = useState<readonly SimulatedIdentitySummary[]>([]);
  const [receipts, setReceipts] = useState<readonly SimulatedReceipt[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [scanText, setScanText] = useState('');

  const printer = devices.find((d) => d.deviceClass === 'receipt-printer');
  const paperOut = printer?.status.kind === 'paper_out';

  const fail = useCallback((error: unknown) => setMessage(t('dev.failed', { reason: error instanceof Error ? error.message : String(error) })), [t]);

  const run = useCallback(
    async (action: () => Promise<Result<null, UserFacingError>>) => {
      setMessage(null);
      try {
        const result = await action();
        if (!result.ok) setMessage(t('dev.failed', { reason: pick(result.error.message) }));
      } catch (error) {
        fail(error);
      }
    },
    [fail, pick, t],
  );

  const refreshReceipts = useCallback(() => {
    api.simPrintedReceipts().then(setReceipts, fail);
  }, [api, fail]);

  useEffect(() => {
    if (!open) return;
    api.simListIdentities().then(setIdentities, fail);
    refreshReceipts();
    const timer = setInterval(refreshReceipts, 2000);
    return () => clearInterval(timer);
  }, [open, api, fail, refreshReceipts]);

  return (
    <div className="dev" data-idle-ignore>
      <button
        type="button"
        className="dev__toggle"
        data-testid="dev-panel-toggle"
        aria-expanded={open}
        aria-controls="dev-panel"
        onClick={() => setOpen((o) => !o)}
      >
        {t('dev.toggle')}
      </button>
      {open && (
        <section id="dev-panel" className="dev__panel" data-testid="dev-panel" aria-label={t('dev.title')}>
          <h2>{t('dev.title')}</h2>
          {message && (
            <p className="dev__message" role="status" data-testid="dev-message">
              {message}
            </p>
          )}
          <h3>{t('dev.identities')}</h3>
          <ul className="dev__list">
            {identities.map((identity) => (
              <li key={identity.index}>
                <button
                  type="button"
                  className="dev__button"
                  data-testid={`dev-place-card-${identity.index}`}
                  onClick={() => void run(() => api.simPlaceCard({ index: identity.index }))}
                >
                  {identity.label}
                </button>
              </li>
            ))}
          </ul>
          <div className="dev__row">
            <button type="button" className="dev__button" data-testid="dev-remove-card" onClick={() => void run(() => api.simRemoveCard())}>
              {t('dev.removeCard')}
            </button>
            <button
              type="button"
              className="dev__button"
              data-testid="dev-printer-paper"
              data-paper={paperOut ? 'out' : 'present'}
              onClick={() => void run(() => api.simSetPrinterPaper({ present: paperOut }))}
            >
              {paperOut ? t('dev.paperLoad') : t('dev.paperRemove')}
            </button>
          </div>
          <div className="dev__row dev__row--wrap">
            {devices
              .filter((d) => PLUGGABLE.has(d.deviceClass) && d.status.kind !== 'disabled')
              .map((d) => {
                const unplugged = d.status.kind === 'no_device';
                const device = t(`device.${d.deviceClass}`);
                return (
                  <button
                    key={d.deviceId}
                    type="button"
                    className="dev__button"
                    data-testid={`dev-plug-${d.deviceId}`}
                    data-plugged={unplugged ? 'no' : 'yes'}
                    onClick={() => void run(() => api.simSetDeviceConnected({ deviceId: d.deviceId, connected: unplugged }))}
                  >
                    {unplugged ? t('dev.replug', { device }) : t('dev.unplug', { device })}
                  </button>
                );
              })}
          </div>
          <h3>{t('dev.documents')}</h3>
          <div className="dev__row">
            {SIMULATED_DOCUMENTS.map((document) => (
              <button
                key={document}
                type="button"
                className="dev__button"
                data-testid={`dev-place-document-${document}`}
                onClick={() => void run(() => api.simPlaceDocument({ document }))}
              >
                {document}
              </button>
            ))}
          </div>
          <form
            className="dev__row"
            onSubmit={(event) => {
              event.preventDefault();
              void run(() => api.simScan({ text: scanText }));
            }}
          >
            <label>
              {t('dev.scanLabel')}{' '}
              <input
                className="dev__input"
                data-testid="dev-scan-input"
                value={scanText}
                onChange={(event) => setScanText(event.target.value)}
              />
            </label>
            <button type="submit" className="dev__button" data-testid="dev-scan-send">
              {t('dev.scanSend')}
            </button>
          </form>
          <h3>
            {t('dev.receipts')}{' '}
            <button type="button" className="dev__button dev__button--small" data-testid="dev-refresh-receipts" onClick={refreshReceipts}>
              {t('dev.refresh')}
            </button>
          </h3>
          {receipts.length === 0 ? (
            <p>{t('dev.noReceipts')}</p>
          ) : (
            <ol className="dev__receipts">
              {receipts.map((r) => (
                <li key={r.index}>
                  <pre className="dev__receipt" data-testid="receipt-text" data-index={r.index} lang="zh-CN">
                    {r.text}
                  </pre>
                  {r.qrPayloads.length > 0 && <p className="dev__qr">QR: {r.qrPayloads.join(', ')}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}
