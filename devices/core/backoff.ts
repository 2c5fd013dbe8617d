// Capped exponential backoff with jitter, for re-opening a device that dropped. Jitter keeps several
// drivers (or several terminals on one USB hub) from retrying in lock-step.
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor?: number;
  /** 0..1: the share of each delay that is randomised. */
  readonly jitter?: number;
  readonly random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2 };

export class Backoff {
  private attempt = 0;

  constructor(private readonly opts: BackoffOptions = DEFAULT_BACKOFF) {}

  /** Delay before the next attempt; grows until maxMs. */
  next(): number {
    const factor = this.opts.factor ?? 2;
    const base = Math.min(this.opts.maxMs, this.opts.initialMs * factor ** this.attempt);
    if (base < this.opts.maxMs) this.attempt++;
    const jitter = Math.min(1, Math.max(0, this.opts.jitter ?? 0.2));
    const random = (this.opts.random ?? Math.random)();
    // Jitter only shortens the delay, so maxMs stays a true cap.
    return Math.round(base * (1 - jitter * random));
  }

  /** After a successful open: the next failure starts from initialMs again. */
  reset(): void {
    this.attempt = 0;
  }
}
