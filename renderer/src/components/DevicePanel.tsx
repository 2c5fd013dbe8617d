// Staff device panel: every device's live status and since when, its last error and when that was, and
// how often it had to be re-opened. Opened from a small button beside the staff corner; keyboard operable
// (Tab to the button, Enter opens, Escape closes and gives focus back). Holds no personal data: statuses,
// port names and driver messages only. Follows the host's 'device-status' events while open.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceHealthSnapshot, DeviceStatusReport } from '../../../main/api/devices.js';
import type { TerminalApi } from '../../../main/api/terminal-api.js';
import { useI18n } from '../i18n/index.js';

export function DevicePanel({
  api,
  devices,
  sessionEnded,
}: {
  api: Pick<TerminalApi, 'getDeviceHealth'>;
  /** The live reports (from events); a change while open fetches a fresh snapshot. */
  devices: readonly DeviceStatusReport[];
  /** True on the attract screen: the panel closes when a session ends, like the developer panel. */
  sessionEnded: boolean;
}) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [snapshot, setSnapshot] = useState<DeviceHealthSnapshot | null>(null);
  const [failed, setFailed] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (sessionEnded) setOpen(false);
  }, [sessionEnded]);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    api.getDeviceHealth().then(
      (s) => {
        if (cancelled) return;
        setSnapshot(s);
        setFailed(false);
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [open, api, devices]);

  useEffect(() => {
    if (open) headingRef.current?.focus();
  }, [open]);

  const close = useCallback(() => {
    setOpen(false);
    toggleRef.current?.focus();
  }, []);

  // Escape closes it wherever the focus is (a click on the table leaves it on the page body).
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close]);

  const time = (iso: string | undefined) =>
    iso === undefined ? '' : new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' });
  const problems = devices.filter((d) => d.status.kind !== 'ready' && d.status.kind !== 'disabled').length;

  return (
    <div className="device-panel" data-idle-ignore>
      <button
        ref={toggleRef}
        type="button"
        className="device-panel__toggle"
        data-testid="device-panel-toggle"
        data-problems={problems}
        aria-expanded={open}
        aria-controls="device-panel"
        onClick={() => (open ? close() : setOpen(true))}
      >
        {problems > 0 ? t('devicePanel.toggleProblems', { count: problems }) : t('devicePanel.toggle')}
      </button>
      {open && (
        <section
          id="device-panel"
          className="device-panel__body"
          role="dialog"
          aria-labelledby="device-panel-title"
          data-testid="device-panel"
        >
          <h2 id="device-panel-title" ref={headingRef} tabIndex={-1}>
            {t('devicePanel.title')}
          </h2>
          {failed && (
            <p role="alert" data-testid="device-panel-failed">
              {t('devicePanel.failed')}
            </p>
          )}
          {snapshot && (
            <table className="device-panel__table">
              <caption className="device-panel__caption">{t('devicePanel.caption', { at: time(snapshot.at) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('devicePanel.device')}</th>
                  <th scope="col">{t('devicePanel.status')}</th>
                  <th scope="col">{t('devicePanel.since')}</th>
                  <th scope="col">{t('devicePanel.lastError')}</th>
                  <th scope="col">{t('devicePanel.reopened')}</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.devices.map((d) => (
                  <tr
                    key={d.deviceId}
                    data-testid={`device-row-${d.deviceId}`}
                    data-status={d.status.kind}
                    className={d.status.kind === 'ready' || d.status.kind === 'disabled' ? undefined : 'device-panel__problem'}
                  >
                    <th scope="row">{t(`device.${d.deviceClass}`)}</th>
                    <td data-testid="device-status">{t(`deviceStatus.${d.status.kind}`)}</td>
                    <td>{time(d.since)}</td>
                    <td data-testid="device-last-error">
                      {d.lastError === undefined ? (
                        t('devicePanel.noError')
                      ) : (
                        <>
                          {/* A driver's message for staff (English, precise): ports and causes, nothing personal. */}
                          <span lang="en" className="device-panel__error">
                            {d.lastError}
                          </span>
                          {d.lastErrorAt !== undefined && (
                            <span className="device-panel__when" data-testid="device-last-error-at">
                              {t('devicePanel.errorAt', { at: time(d.lastErrorAt) })}
                            </span>
                          )}
                        </>
                      )}
                    </td>
                    <td>{d.reopenCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" className="device-panel__close" data-testid="device-panel-close" onClick={close}>
            {t('devicePanel.close')}
          </button>
        </section>
      )}
    </div>
  );
}
