import { useState } from 'react';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { useI18n } from '../i18n/index.js';
import { useFocusOnMount, useKeys } from '../ui/hooks.js';

/** On the keypad profile, digits 1–9 choose from a page; 0 turns the page. */
export const KEYPAD_PAGE_SIZE = 9;

export function ServicesScreen({
  services,
  online,
  offlineKnown,
  keypad,
  onChoose,
  onBack,
}: {
  services: readonly CatalogItem[];
  /** The platform answered recently: services that need the network may be chosen. */
  online: boolean;
  /** The platform is known to be unreachable (not merely not yet contacted): say so. */
  offlineKnown: boolean;
  keypad: boolean;
  onChoose: (service: CatalogItem) => void;
  onBack: () => void;
}) {
  const { t, pick } = useI18n();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(services.length / KEYPAD_PAGE_SIZE));
  const currentPage = Math.min(page, pages - 1);
  const visible = keypad ? services.slice(currentPage * KEYPAD_PAGE_SIZE, (currentPage + 1) * KEYPAD_PAGE_SIZE) : services;
  const available = (s: CatalogItem) => online || !s.requiresNetwork;

  useKeys((event) => {
    if (event.key === 'Escape' || event.key === 'Backspace') {
      onBack();
      return true;
    }
    if (!keypad || !/^[0-9]$/.test(event.key)) return false;
    const digit = Number(event.key);
    if (digit === 0) {
      if (pages > 1) setPage((currentPage + 1) % pages);
      return true;
    }
    const service = visible[digit - 1];
    if (service && available(service)) onChoose(service);
    return true;
  });

  return (
    <main className="screen services">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('services.title')}
      </h1>
      {offlineKnown && (
        <p className="notice notice--offline" role="status" data-testid="services-offline-notice">
          {t('services.offlineNotice')}
        </p>
      )}
      {keypad && <p className="hint">{t('services.keypadHint')}</p>}
      {services.length === 0 ? (
        <p className="notice" data-testid="services-empty">
          {t('services.empty')}
        </p>
      ) : (
        <ul className="service-list" data-testid="service-list">
          {visible.map((service, i) => {
            const enabled = available(service);
            const blockedId = `service-blocked-${service.id}`;
            return (
              <li key={service.id}>
                <button
                  type="button"
                  className="service-item"
                  data-testid={`service-item-${service.id}`}
                  disabled={!enabled}
                  aria-describedby={enabled ? undefined : blockedId}
                  onClick={() => onChoose(service)}
                >
                  {keypad && (
                    <span className="service-item__key" aria-hidden="true">
                      {i + 1}
                    </span>
                  )}
                  <span className="service-item__body">
                    <span className="service-item__name">
                      {pick(service.name)}
                      {service.highFrequency && <span className="badge">{t('services.highFrequency')}</span>}
                    </span>
                    <span className="service-item__department" data-testid={`service-department-${service.id}`}>
                      {t('services.department', { department: pick(service.department) })}
                    </span>
                    {!enabled && (
                      <span className="service-item__blocked" id={blockedId}>
                        {t('services.needsNetwork')}
                      </span>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="actions actions--bottom">
        <button type="button" className="button" data-testid="services-back" onClick={onBack}>
          {t('common.home')}
        </button>
        {keypad && pages > 1 && (
          <button type="button" className="button" data-testid="services-next-page" onClick={() => setPage((currentPage + 1) % pages)}>
            {t('services.nextPage', { page: currentPage + 1, pages })}
          </button>
        )}
      </div>
    </main>
  );
}
