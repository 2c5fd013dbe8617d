// Offline limits (kiosk-config `offline`): while too many applications wait to be sent, or the oldest has
// waited too long, the terminal takes no new ones; the citizen is told before starting and sent to the
// counter. Applications already being filled may still be submitted: nothing a person typed is thrown away.
import type { TerminalInfo } from '../../../main/api/terminal-api.js';
import type { ReplicationState } from './replication.js';

export type OfflineLimits = TerminalInfo['offlineLimits'];

export type OfflineLimitBreach =
  | { readonly kind: 'count'; readonly waiting: number; readonly max: number }
  | { readonly kind: 'age'; readonly oldestMinutes: number; readonly maxMinutes: number };

/** Whole minutes the oldest waiting application has waited (0 when none waits). */
export function oldestWaitingMinutes(state: Pick<ReplicationState, 'oldestWaitingSince'>, now: Date): number {
  if (state.oldestWaitingSince === null) return 0;
  const since = Date.parse(state.oldestWaitingSince);
  return Number.isNaN(since) ? 0 : Math.max(0, Math.floor((now.getTime() - since) / 60_000));
}

/** Which limit is reached now, or null while new applications may be taken. */
export function offlineLimitBreach(
  state: Pick<ReplicationState, 'waiting' | 'oldestWaitingSince'>,
  limits: OfflineLimits,
  now: Date,
): OfflineLimitBreach | null {
  if (state.waiting >= limits.maxQueued) return { kind: 'count', waiting: state.waiting, max: limits.maxQueued };
  const oldestMinutes = oldestWaitingMinutes(state, now);
  if (state.waiting > 0 && oldestMinutes >= limits.maxOldestAgeMinutes) {
    return { kind: 'age', oldestMinutes, maxMinutes: limits.maxOldestAgeMinutes };
  }
  return null;
}
