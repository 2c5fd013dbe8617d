// The terminal's view of its link to the platform, for the status bar and the staff panel.
import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';

export interface ConnectivityState {
  online: boolean;
  /** Local applications still 'queued' (not yet acknowledged by the platform). */
  waiting: number;
  /** submittedAt of the oldest waiting application. */
  oldestWaitingSince: string | null;
  /** Applications the platform refused for good, held aside for staff (not counted in `waiting`). */
  held: number;
  /** Last successful exchange with the platform (ISO). */
  lastSyncAt: string | null;
  /** Why the last request failed; cleared by the next success. Never personal data. */
  lastError: string | null;
}

export const INITIAL_CONNECTIVITY: ConnectivityState = {
  online: false,
  waiting: 0,
  oldestWaitingSince: null,
  held: 0,
  lastSyncAt: null,
  lastError: null,
};

const same = (a: ConnectivityState, b: ConnectivityState): boolean =>
  a.online === b.online &&
  a.waiting === b.waiting &&
  a.oldestWaitingSince === b.oldestWaitingSince &&
  a.held === b.held &&
  a.lastSyncAt === b.lastSyncAt &&
  a.lastError === b.lastError;

export class ConnectivityTracker {
  private readonly subject = new BehaviorSubject<ConnectivityState>(INITIAL_CONNECTIVITY);
  readonly state$: Observable<ConnectivityState> = this.subject.pipe(distinctUntilChanged(same));

  get current(): ConnectivityState {
    return this.subject.value;
  }

  succeeded(now: Date = new Date()): void {
    this.update({ online: true, lastSyncAt: now.toISOString(), lastError: null });
  }

  failed(reason: string): void {
    this.update({ online: false, lastError: reason });
  }

  waiting(count: number, oldestSince: string | null): void {
    this.update({ waiting: count, oldestWaitingSince: oldestSince });
  }

  held(count: number): void {
    this.update({ held: count });
  }

  complete(): void {
    this.subject.complete();
  }

  private update(patch: Partial<ConnectivityState>): void {
    if (this.subject.closed) return;
    this.subject.next({ ...this.subject.value, ...patch });
  }
}
