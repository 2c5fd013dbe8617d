// Staff indicator, always visible in a corner: platform reachability, applications waiting to be sent and
// how long the oldest has waited (live), applications the platform refused (held, with its reason), host
// link, and a compact line per device. No personal data: application numbers and the platform's reasons only.
import type { DeviceStatusReport } from '../../../main/api/devices.js';
import { oldestWaitingMinutes } from '../data/offline-limits.js';
import type { TakenOverLimit } from '../data/over-limit.js';
import { EnrolPanel, needsEnrolment, type Enrol } from './EnrolPanel.js';
import { HeldList, type HandOver, type Resend } from './HeldList.js';
import type { HeldApplication, ReplicationState } from '../data/replication.js';
import type { HostConnectionState } from '../host-api/index.js';
import { useI18n } from '../i18n/index.js';

export function Connectivity({
  replication,
  held = [],
  onResend,
  onHandOver,
  takenOverLimit = [],
  now,
  onEnrol,
  host,
  devices,
}: {
  replication: ReplicationState;
  /** Held applications (refused by the platform), oldest refusal first. */
  held?: readonly HeldApplication[];
  /** Staff send a held application again / hand it over to the counter. */
  onResend?: Resend;
  onHandOver?: HandOver;
  /** Applications taken although an offline limit was reached while they were filled in, still waiting. */
  takenOverLimit?: readonly TakenOverLimit[];
  /** The clock the waiting time is measured with (ticks while anything waits). */
  now: Date;
  /** Staff enrol again (the platform answered 401 unknown_terminal or revoked). */
  onEnrol?: Enrol;
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
      data-held={replication.held}
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
      {replication.waiting > 0 && replication.oldestWaitingSince !== null && (
        <span className="connectivity__oldest" data-testid="connectivity-oldest" data-minutes={oldestWaitingMinutes(replication, now)}>
          <OldestWaiting minutes={oldestWaitingMinutes(replication, now)} />
        </span>
      )}
      {onEnrol && needsEnrolment(replication.lastError) && <EnrolPanel onEnrol={onEnrol} />}
      {/* Mounted while empty too: the outcome of the last one sent again stays in view. */}
      <HeldList held={held} {...(onResend ? { onResend } : {})} {...(onHandOver ? { onHandOver } : {})} />
      {takenOverLimit.length > 0 && (
        <p className="connectivity__over-limit" data-testid="over-limit-notice" data-count={takenOverLimit.length} role="alert">
          {t('status.overLimit', { count: takenOverLimit.length })}
        </p>
      )}
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

function OldestWaiting({ minutes }: { minutes: number }) {
  const { t } = useI18n();
  return <>{minutes >= 120 ? t('status.oldestHours', { hours: Math.floor(minutes / 60) }) : t('status.oldestMinutes', { minutes })}</>;
}
