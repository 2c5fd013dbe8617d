// 办件查询: the person's applications stored on this terminal, with their status in plain words.
// The list follows the applications collection live, so a status the platform changes appears while
// the person is looking. Scanned text is never shown: only our own messages are.
import { useEffect, useMemo, useState } from 'react';
import type { TerminalApi } from '../../../main/api/terminal-api.js';
import type { Observable } from 'rxjs';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import type { ProgressItem } from '../../../sync/protocol/progress-query.js';
import { maskName } from '../../../sync/protocol/id-numbers.js';
import { useI18n } from '../i18n/index.js';
import { lastUpdated, STATUS_MESSAGE, type QueryableApplication, type QueryLookup } from '../query/find.js';
import { mergeProgress } from '../query/merge.js';
import type { QueryProblem, SessionState } from '../session/machine.js';
import { useFocusOnMount, useKeys, useObservable } from '../ui/hooks.js';

type QueryState = Extract<SessionState, { kind: 'query' }>;

type RemoteState =
  | { readonly kind: 'asking' }
  | { readonly kind: 'answered'; readonly items: readonly ProgressItem[] }
  | { readonly kind: 'unreachable' };

export function QueryScreen({
  state,
  applications$,
  services,
  online,
  api,
  onHome,
}: {
  state: QueryState;
  applications$: Observable<readonly QueryableApplication[]>;
  services: readonly CatalogItem[];
  online: boolean;
  /** Online, the platform is asked too (the person's applications from every terminal, freshest statuses). */
  api?: Pick<TerminalApi, 'queryProgress'>;
  onHome: () => void;
}) {
  const { t, pick, locale } = useI18n();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useKeys((event) => {
    if (event.key !== 'Escape') return false;
    onHome();
    return true;
  });
  const { lookup } = state;
  const local = useObservable<readonly QueryableApplication[]>(applications$, []);
  // The platform's answer for this lookup; 'asking' while waiting, 'unreachable' when it did not answer.
  const [remote, setRemote] = useState<{ readonly lookup: QueryLookup; readonly state: RemoteState } | null>(null);
  useEffect(() => {
    if (!lookup || !api || !online) return;
    let stale = false;
    setRemote({ lookup, state: { kind: 'asking' } });
    const body = lookup.by === 'number' ? { applicationNumber: lookup.applicationNumber } : { idNumber: lookup.idNumber };
    void api.queryProgress(body).then(
      (answer) => {
        if (!stale) setRemote({ lookup, state: answer.ok ? { kind: 'answered', items: answer.value.applications } : { kind: 'unreachable' } });
      },
      () => {
        if (!stale) setRemote({ lookup, state: { kind: 'unreachable' } });
      },
    );
    return () => {
      stale = true;
    };
  }, [lookup, api, online]);
  const remoteState: RemoteState = useMemo(
    () => (remote && remote.lookup === lookup ? remote.state : { kind: online && api ? 'asking' : 'unreachable' }),
    [remote, lookup, online, api],
  );
  const found = useMemo(
    () => (lookup ? mergeProgress(local, lookup, remoteState.kind === 'answered' ? remoteState : { kind: 'none' }) : []),
    [local, lookup, remoteState],
  );
  // Offline, or the platform did not answer: the statuses are this terminal's last known ones.
  const current = online && remoteState.kind !== 'unreachable';
  const serviceName = (id: string) => {
    const service = services.find((s) => s.id === id);
    return service ? pick(service.name) : id;
  };
  const time = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <main className="screen query" data-testid="query">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('query.title')}
      </h1>
      {state.problem && (
        <p className="problem" role="alert" data-testid="query-problem" data-problem={state.problem.kind}>
          {problemText(state.problem, t, pick)}
        </p>
      )}
      {lookup !== null && (!online || remoteState.kind === 'unreachable') && (
        <p className="notice" data-testid="query-offline">
          {t(online ? 'query.platformUnreachable' : 'query.offline')}
        </p>
      )}
      {lookup === null && !online && (
        <p className="notice" data-testid="query-offline">
          {t('query.offline')}
        </p>
      )}
      {lookup === null ? (
        <p className="lead" data-testid="query-prompt">
          {t('query.prompt')}
        </p>
      ) : (
        <>
          <h2 data-testid="query-heading">
            {lookup.by === 'number' ? t('query.byNumber', { number: lookup.applicationNumber }) : t('query.byCard', { name: maskName(lookup.name) })}
          </h2>
          {found.length === 0 ? (
            <p className="lead" data-testid="query-none">
              {t('query.none')}
            </p>
          ) : (
            <ul className="query__list" data-testid="query-results">
              {found.map((app) => (
                <li key={app.id} className="query__item" data-testid={`query-item-${app.applicationNumber}`} data-status={app.status} data-source={app.source}>
                  <dl>
                    <dt>{t('query.number')}</dt>
                    <dd data-testid="query-item-number">{app.applicationNumber}</dd>
                    <dt>{t('query.service')}</dt>
                    <dd>{serviceName(app.serviceId)}</dd>
                    <dt>{t('query.submittedAt')}</dt>
                    <dd>{time(app.submittedAt)}</dd>
                    <dt>{t('query.statusLabel')}</dt>
                    <dd className="query__status" data-testid="query-item-status">
                      {t(STATUS_MESSAGE[app.status])}
                    </dd>
                    {app.statusNote && (
                      <>
                        <dt>{t('query.note')}</dt>
                        <dd data-testid="query-item-note">{app.statusNote}</dd>
                      </>
                    )}
                  </dl>
                  <p className="query__updated" data-testid="query-item-updated">
                    {t(current ? 'query.updated' : 'query.updatedOffline', { time: time(lastUpdated(app)) })}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" className="button" data-testid="query-home" onClick={onHome}>
          {t('query.home')}
        </button>
      </div>
    </main>
  );
}

function problemText(
  problem: QueryProblem,
  t: ReturnType<typeof useI18n>['t'],
  pick: ReturnType<typeof useI18n>['pick'],
): string {
  switch (problem.kind) {
    case 'not-ours':
      return t('query.notOurs');
    case 'malformed':
      return t('query.malformed');
    case 'scan-error':
      return t('query.scanError', { reason: pick(problem.error.message) });
  }
}
