// Staff indicator, always visible in a corner: platform reachability, applications waiting to be sent,
// host link, and a compact line per device.
import type { DeviceStatusReport } from '../../../main/api/devices.js';
import type { ReplicationState } from '../data/replication.js';
import type { HostConnectionState } from '../host-api/index.js';
import { useI18n } from '../i18n/index.js';

export function Connectivity({
  replication,
  host,
  devices,
}: {
  replication: ReplicationState;
  host: HostConnectionState['status'];
  devices: readonly DeviceStatusReport[];
}) {
  const { t } = useI18n();
  const hostLost = host !== 'open';
  // Before the first answer from the platform (and before any failure) the state is simply not known yet.
  const checking = !replication.online && replication.lastError === null && replication.lastSyncAt === null;
  const state = hostLost ? 'host-lost' : replication.online ? 'online' : checking ? 'checking' : 'offline';
  return (
    <aside
      className={`connectivity connectivity--${state}`}
      data-testid="connectivity"
      data-state={state}
      data-waiting={replication.waiting}
      aria-label={t('status.label')}
      title={replication.lastError ?? undefined}
    >
      <span className="connectivity__dot" aria-hidden="true" />
      <span data-testid="connectivity-state">
        {hostLost
          ? t('status.hostLost')
          : replication.online
            ? t('status.online')
            : checking
              ? t('status.checking')
              : t('status.offline')}
      </span>
      <span
        className={`connectivity__waiting${replication.waiting === 0 ? ' connectivity__waiting--none' : ''}`}
        data-testid="connectivity-waiting"
        title={replication.oldestWaitingSince ?? undefined}
      >
        {t('status.waiting', { count: replication.waiting })}
      </span>
      {devices.length > 0 && (
        <ul className="connectivity__devices">
          {devices.map((d) => (
            <li
              key={d.deviceId}
              className={`device device--${d.status.kind === 'ready' ? 'ok' : 'problem'}`}
              data-testid={`device-${d.deviceClass}`}
              data-status={d.status.kind}
              title={'detail' in d.status ? d.status.detail : undefined}
            >
              {t(`device.${d.deviceClass}`)} {t(`deviceStatus.${d.status.kind}`)}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
