// Finding a service: search as you type (Chinese, pinyin, initials, everyday words), or browse all
// services (high-frequency first), the 一件事 bundles, by life event or by department.
// Touch: everything tappable. Keypad: digits choose on the page, 0 turns the page, F1–F4 switch view,
// Escape/Backspace go back one level. Elder mode shows fewer choices per page.
import { useMemo, useState } from 'react';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/translate.js';
import { buildSearchIndex, createSearcher } from '../search/index.js';
import { byDepartment, byLifeEvent, bundlesOf, includedServices, pageOf, type BrowseGroup, type KnownLifeEvent } from '../services/browse.js';
import { useFocusOnMount, useKeys } from '../ui/hooks.js';
import { usePreferences } from '../ui/preferences.js';

/** On the keypad profile, digits 1–9 choose from a page; 0 turns the page. */
export const KEYPAD_PAGE_SIZE = 9;
/** Elder mode: fewer, larger choices per screen. */
export const ELDER_PAGE_SIZE = 5;

type Tab = 'popular' | 'bundles' | 'life-events' | 'departments';
const TABS: readonly { tab: Tab; label: MessageKey; key: string }[] = [
  { tab: 'popular', label: 'services.tabPopular', key: 'F1' },
  { tab: 'bundles', label: 'services.tabBundles', key: 'F2' },
  { tab: 'life-events', label: 'services.tabLifeEvents', key: 'F3' },
  { tab: 'departments', label: 'services.tabDepartments', key: 'F4' },
];

export function ServicesScreen({
  services,
  online,
  offlineKnown,
  queueFull = false,
  keypad,
  onChoose,
  onBack,
}: {
  services: readonly CatalogItem[];
  /** The platform answered recently: services that need the network may be chosen. */
  online: boolean;
  /** The platform is known to be unreachable (not merely not yet contacted): say so. */
  offlineKnown: boolean;
  /** An offline limit is reached (data/offline-limits.ts): no new application here; send the person to the counter. */
  queueFull?: boolean;
  keypad: boolean;
  onChoose: (service: CatalogItem) => void;
  onBack: () => void;
}) {
  const { t, pick } = useI18n();
  const { elderMode } = usePreferences();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [tab, setTab] = useState<Tab>('popular');
  const [groupKey, setGroupKey] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);

  const searcher = useMemo(() => createSearcher(buildSearchIndex(services)), [services]);
  const byId = useMemo(() => new Map(services.map((s) => [s.id, s])), [services]);
  const searching = query.trim().length > 0;
  const results = useMemo(
    () => (searching ? searcher.search(query).flatMap((hit) => byId.get(hit.id) ?? []) : []),
    [searcher, byId, query, searching],
  );

  const groups: BrowseGroup[] | null = useMemo(
    () => (tab === 'life-events' ? byLifeEvent(services) : tab === 'departments' ? byDepartment(services) : null),
    [tab, services],
  );
  const group = groups?.find((g) => g.key === groupKey) ?? null;
  const showingGroups = !searching && groups !== null && group === null;
  const list: readonly CatalogItem[] = searching ? results : group ? group.items : tab === 'bundles' ? bundlesOf(services) : services;

  const size = keypad ? (elderMode ? ELDER_PAGE_SIZE : KEYPAD_PAGE_SIZE) : elderMode ? ELDER_PAGE_SIZE : null;
  const paged = pageOf<CatalogItem | BrowseGroup>(showingGroups ? groups! : list, page, size);
  const available = (s: CatalogItem) => !queueFull && (online || !s.requiresNetwork);

  const switchTab = (next: Tab) => {
    setTab(next);
    setGroupKey(null);
    setQuery('');
    setPage(0);
  };
  const openGroup = (key: string) => {
    setGroupKey(key);
    setPage(0);
  };
  const back = () => {
    if (searching) {
      setQuery('');
      setPage(0);
    } else if (group) {
      setGroupKey(null);
      setPage(0);
    } else onBack();
  };
  const groupLabel = (g: BrowseGroup) => (tab === 'life-events' ? t(`lifeEvent.${g.key as KnownLifeEvent}`) : pick(g.items[0]!.department));

  useKeys((event) => {
    if (event.key === 'Escape' || event.key === 'Backspace') {
      back();
      return true;
    }
    const fn = /^F([1-4])$/.exec(event.key);
    if (fn) {
      switchTab(TABS[Number(fn[1]) - 1]!.tab);
      return true;
    }
    if (!keypad || !/^[0-9]$/.test(event.key)) return false;
    const digit = Number(event.key);
    if (digit === 0) {
      if (paged.pages > 1) setPage((paged.page + 1) % paged.pages);
      return true;
    }
    const chosen = paged.items[digit - 1];
    if (!chosen) return true;
    if ('key' in chosen && 'items' in chosen) openGroup(chosen.key);
    else if (available(chosen)) onChoose(chosen);
    return true;
  });

  const heading = showingGroups ? t(tab === 'life-events' ? 'services.chooseLifeEvent' : 'services.chooseDepartment') : group ? groupLabel(group) : t('services.title');

  return (
    <main className="screen services">
      <h1 ref={headingRef} tabIndex={-1} data-testid="services-heading">
        {heading}
      </h1>
      {queueFull && (
        <p className="notice notice--offline" role="alert" data-testid="services-queue-full">
          {t('services.queueFull')}
        </p>
      )}
      {offlineKnown && !queueFull && (
        <p className="notice notice--offline" role="status" data-testid="services-offline-notice">
          {t('services.offlineNotice')}
        </p>
      )}
      {!keypad && (
        <div className="services-search">
          <label htmlFor="services-search-input" className="services-search__label">
            {t('services.searchLabel')}
          </label>
          <div className="services-search__row">
            <input
              id="services-search-input"
              type="search"
              className="input services-search__input"
              data-testid="services-search"
              // Letters, not the pinyin IME: the search itself understands pinyin and initials.
              data-keyboard="letters"
              placeholder={t('services.searchPlaceholder')}
              autoComplete="off"
              spellCheck={false}
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setPage(0);
              }}
            />
            {searching && (
              <button type="button" className="button button--quiet" data-testid="services-search-clear" onClick={() => setQuery('')}>
                {t('services.searchClear')}
              </button>
            )}
          </div>
        </div>
      )}
      <nav className="services-tabs" aria-label={t('services.tabsLabel')}>
        {TABS.map(({ tab: id, label, key }) => (
          <button
            key={id}
            type="button"
            className="tab"
            data-testid={`services-tab-${id}`}
            aria-pressed={!searching && tab === id}
            onClick={() => switchTab(id)}
          >
            {keypad && (
              <span className="tab__key" aria-hidden="true">
                {key}
              </span>
            )}
            {t(label)}
          </button>
        ))}
      </nav>
      {keypad && <p className="hint">{t('services.keypadHint')}</p>}
      {searching && (
        <p className="hint" role="status" data-testid="services-search-count">
          {results.length > 0 ? t('services.searchResults', { count: results.length }) : t('services.searchNone')}
        </p>
      )}
      {services.length === 0 ? (
        <p className="notice" data-testid="services-empty">
          {t('services.empty')}
        </p>
      ) : showingGroups ? (
        <ul className="group-list" data-testid={tab === 'life-events' ? 'life-event-list' : 'department-list'}>
          {(paged.items as readonly BrowseGroup[]).map((g, i) => (
            <li key={g.key}>
              <button
                type="button"
                className="group-item"
                data-testid={`${tab === 'life-events' ? 'life-event' : 'department'}-${g.key}`}
                onClick={() => openGroup(g.key)}
              >
                {keypad && (
                  <span className="service-item__key" aria-hidden="true">
                    {i + 1}
                  </span>
                )}
                <span className="group-item__name">{groupLabel(g)}</span>
                <span className="group-item__count">{t('services.countInGroup', { count: g.items.length })}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <ul className="service-list" data-testid="service-list">
          {(paged.items as readonly CatalogItem[]).map((service, i) => (
            <ServiceItem
              key={service.id}
              service={service}
              all={services}
              index={keypad ? i + 1 : null}
              enabled={available(service)}
              blockedReason={queueFull ? 'services.queueFullItem' : 'services.needsNetwork'}
              onChoose={onChoose}
            />
          ))}
        </ul>
      )}
      <div className="actions actions--bottom">
        <button type="button" className="button" data-testid="services-back" onClick={searching || group ? back : onBack}>
          {searching || group ? t('services.backToGroups') : t('common.home')}
        </button>
        {paged.pages > 1 && !keypad && (
          <>
            <button type="button" className="button" data-testid="services-prev-page" disabled={paged.page === 0} onClick={() => setPage(paged.page - 1)}>
              {t('services.prevPage')}
            </button>
            <span className="hint" data-testid="services-page">
              {t('services.page', { page: paged.page + 1, pages: paged.pages })}
            </span>
            <button
              type="button"
              className="button"
              data-testid="services-next-page"
              disabled={paged.page === paged.pages - 1}
              onClick={() => setPage(paged.page + 1)}
            >
              {t('services.nextPageTouch')}
            </button>
          </>
        )}
        {paged.pages > 1 && keypad && (
          <button type="button" className="button" data-testid="services-next-page" onClick={() => setPage((paged.page + 1) % paged.pages)}>
            {t('services.nextPage', { page: paged.page + 1, pages: paged.pages })}
          </button>
        )}
      </div>
    </main>
  );
}

function ServiceItem({
  service,
  all,
  index,
  enabled,
  blockedReason,
  onChoose,
}: {
  service: CatalogItem;
  all: readonly CatalogItem[];
  index: number | null;
  enabled: boolean;
  blockedReason: MessageKey;
  onChoose: (service: CatalogItem) => void;
}) {
  const { t, pick } = useI18n();
  const blockedId = `service-blocked-${service.id}`;
  const included = service.kind === 'bundle' ? includedServices(service, all) : [];
  return (
    <li>
      <button
        type="button"
        className={service.kind === 'bundle' ? 'service-item service-item--bundle' : 'service-item'}
        data-testid={`service-item-${service.id}`}
        data-kind={service.kind}
        disabled={!enabled}
        aria-describedby={enabled ? undefined : blockedId}
        onClick={() => onChoose(service)}
      >
        {index !== null && (
          <span className="service-item__key" aria-hidden="true">
            {index}
          </span>
        )}
        <span className="service-item__body">
          <span className="service-item__name">
            {pick(service.name)}
            {service.kind === 'bundle' && <span className="badge badge--bundle">{t('services.bundle')}</span>}
            {service.highFrequency && <span className="badge">{t('services.highFrequency')}</span>}
          </span>
          {included.length > 0 && (
            <span className="service-item__includes" data-testid={`service-bundle-includes-${service.id}`}>
              {t('services.bundleIncludes', { count: included.length, names: included.map((s) => pick(s.name)).join('、') })}
            </span>
          )}
          <span className="service-item__department" data-testid={`service-department-${service.id}`}>
            {t('services.department', { department: pick(service.department) })}
          </span>
          {!enabled && (
            <span className="service-item__blocked" id={blockedId}>
              {t(blockedReason)}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}
